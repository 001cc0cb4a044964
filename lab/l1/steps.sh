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

# l2 [OPTION...]: run one probe VM, serial on stdout. Without options it
# boots the ISO (GRUB); options are the multiboot command line, and the VM
# boots ELF32 with -kernel -append.
l2() {
	local image=(-cdrom "$ISO" -boot d)
	[[ $# -eq 0 ]] || image=(-kernel "$ELF32" -append "$*")
	timeout -k 5 "$L2_TIMEOUT" qemu-system-x86_64 -enable-kvm \
		-m "$L2_MEM" -display none -vga std -monitor none \
		-serial stdio -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 "${image[@]}"
}

# probe NAME [OPTION...]: run one probe VM, its serial streamed to the
# console and saved to NAME.serial.
probe() {
	local name=$1 rc
	shift
	mark "probe $name start: ${*:-(ISO)}"
	set +e
	l2 "$@" </dev/null 2>"$out/$name.err" |
		tee "$out/$name.serial"
	rc=${PIPESTATUS[0]}
	set -e
	echo "$rc" >"$out/$name.rc"
	mark "probe $name end: status $rc"
}

# probe_pair NAME1 OPTIONS1 NAME2 OPTIONS2: run two probe VMs at once (each
# OPTIONS one word-split string), serial to files only.
probe_pair() {
	local a=$1 oa=$2 b=$3 ob=$4 pa pb
	mark "probes $a ($oa) and $b ($ob) start together"
	set +e
	# shellcheck disable=SC2086 # the options are words
	l2 $oa </dev/null >"$out/$a.serial" 2>"$out/$a.err" &
	pa=$!
	# shellcheck disable=SC2086
	l2 $ob </dev/null >"$out/$b.serial" 2>"$out/$b.err" &
	pb=$!
	wait "$pa"
	echo $? >"$out/$a.rc"
	wait "$pb"
	echo $? >"$out/$b.rc"
	set -e
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
