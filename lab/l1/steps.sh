# steps.sh: the steps a lab plan is made of, run inside the lab kernel
# (sourced by job; $out is the run's output folder). Each step leaves its
# results in $out: NAME.serial (probe COM1), NAME.rc (QEMU exit status).
# shellcheck shell=bash
# shellcheck disable=SC2154 # $out is the job's argument

# Probe images and L2 settings; the plan may override them.
ISO=${ISO:-}
ELF32=${ELF32:-}
L2_TIMEOUT=${L2_TIMEOUT:-300}
L2_MEM=${L2_MEM:-128}
L2_IDLE=${L2_IDLE:-60}

mark() {
	echo "lab: $*" >/dev/kmsg
	echo "LAB: $*"
}

# load_kvm ORDERFILE [kvm.ko parameter...]: unload KVM, then insmod the
# module files listed in ORDERFILE, giving the parameters to kvm.ko.
load_kvm() {
	local order=$1 f
	shift
	if grep -q '^kvm ' /proc/modules; then
		rmmod kvm_amd kvm
	fi
	mark "loading $(paste -sd' ' "$order" | sed 's|[^ ]*/||g') $*"
	while IFS= read -r f; do
		case ${f##*/} in
		kvm.ko*) insmod "$f" "$@" ;;
		*) load_one "$f" ;;
		esac
	done <"$order"
	[[ -c /dev/kvm ]] || { mark "no /dev/kvm after loading"; return 1; }
	mark "kvm loaded"
}

# Load a dependency module unless a module of that name is already in.
load_one() {
	local name=${1##*/}
	name=${name%%.ko*}
	name=${name//-/_}
	grep -q "^$name " /proc/modules || insmod "$1"
}

# kvm_param NAME VALUE: set a kvm module parameter at run time.
kvm_param() {
	mark "kvm.$1=$2"
	echo "$2" >"/sys/module/kvm/parameters/$1"
}

# l2 NAME [OPTION...]: start one probe VM in the background, serial to
# NAME.serial; its PID in l2_pid. Without options it boots the ISO (GRUB);
# options are the multiboot command line, and the VM boots ELF32 with
# -kernel -append. A VM silent for L2_IDLE seconds is stopped: a probe that
# hangs costs a minute, not the whole time limit.
l2() {
	local name=$1 image=(-cdrom "$ISO" -boot d)
	shift
	[[ $# -eq 0 ]] || image=(-kernel "$ELF32" -append "$*")
	: >"$out/$name.serial"
	timeout -k 5 "$L2_TIMEOUT" qemu-system-x86_64 -enable-kvm \
		-m "$L2_MEM" -display none -vga std -monitor none \
		-serial stdio -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 "${image[@]}" \
		</dev/null >"$out/$name.serial" 2>"$out/$name.err" &
	l2_pid=$!
	watch_idle "$name" "$l2_pid" &
}

# watch_idle NAME PID: stop PID once NAME.serial has not grown for L2_IDLE
# seconds, and leave NAME.idle to say so.
watch_idle() {
	local file=$out/$1.serial pid=$2 size=-1 now idle=0
	rm -f "$out/$1.idle"
	while kill -0 "$pid" 2>/dev/null; do
		sleep 5
		now=$(stat -c %s "$file" 2>/dev/null || echo 0)
		if [[ $now != "$size" ]]; then
			size=$now idle=0
			continue
		fi
		idle=$((idle + 5))
		if [[ $idle -ge $L2_IDLE ]]; then
			mark "probe $1: no output for ${L2_IDLE}s, stopping it"
			echo "$L2_IDLE" >"$out/$1.idle"
			kill "$pid" 2>/dev/null
			return
		fi
	done
}

# l2_wait NAME PID: wait for the probe VM, record its status in NAME.rc
# (124, as for a timeout, when the idle watch stopped it).
l2_wait() {
	local rc=0
	wait "$2" || rc=$?
	[[ ! -f $out/$1.idle ]] || rc=124
	echo "$rc" >"$out/$1.rc"
}

# probe NAME [OPTION...]: run one probe VM, its serial streamed to the
# console and saved to NAME.serial.
probe() {
	local name=$1
	shift
	mark "probe $name start: ${*:-(ISO)}"
	l2 "$name" "$@"
	tail -n +1 -f --pid="$l2_pid" "$out/$name.serial"
	l2_wait "$name" "$l2_pid"
	mark "probe $name end: status $(cat "$out/$name.rc")"
}

# probe_pair NAME1 OPTIONS1 NAME2 OPTIONS2: run two probe VMs at once (each
# OPTIONS one word-split string), serial to files only.
probe_pair() {
	local a=$1 oa=$2 b=$3 ob=$4 pa pb
	mark "probes $a ($oa) and $b ($ob) start together"
	# shellcheck disable=SC2086 # the options are words
	l2 "$a" $oa
	pa=$l2_pid
	# shellcheck disable=SC2086
	l2 "$b" $ob
	pb=$l2_pid
	l2_wait "$a" "$pa"
	l2_wait "$b" "$pb"
	mark "probes $a and $b end: status $(cat "$out/$a.rc") $(cat "$out/$b.rc")"
}

# selftest NAME BINARY: run a KVM selftest, output to NAME.log.
selftest() {
	local name=$1 bin=$2 rc
	mark "selftest $name start"
	set +e
	timeout -k 5 "$L2_TIMEOUT" "$bin" >"$out/$name.log" 2>&1 </dev/null
	rc=$?
	set -e
	echo "$rc" >"$out/$name.rc"
	mark "selftest $name end: status $rc"
}

# probe_passed NAME: fail unless probe NAME exited through isa-debug-exit
# with the pass status (QEMU status 1).
probe_passed() {
	local rc
	rc=$(cat "$out/$1.rc")
	[[ $rc -eq 1 ]] || { mark "probe $1 did not pass (status $rc)"; return 1; }
}
