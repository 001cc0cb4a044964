# steps.sh: the steps a lab plan is made of, run inside the lab kernel
# (sourced by job; $out is the run's output folder). Each step leaves its
# results in $out: NAME.serial (probe COM1), NAME.rc (QEMU exit status).
# shellcheck shell=bash
# shellcheck disable=SC2154 # $out is the job's argument

# shellcheck source-path=SCRIPTDIR source=oracle.sh
source "$(dirname "${BASH_SOURCE[0]}")/oracle.sh"

# Probe images and L2 settings; the plan may override them.
ISO=${ISO:-}
ELF32=${ELF32:-}
L2_TIMEOUT=${L2_TIMEOUT:-300}
L2_MEM=${L2_MEM:-128}
# vCPUs and CPU model of the probe VMs (L2_CPU empty: QEMU's default).
L2_SMP=${L2_SMP:-1}
L2_IDLE=${L2_IDLE:-60}

# mark TEXT: say TEXT on the console and in the kernel log, and make it the
# step the heartbeat names (lab/l1/init).
mark() {
	echo "lab: $*" >/dev/kmsg
	echo "LAB: $*"
	echo "$*" >/run/lab-step
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
	save_sections "$order"
	mark "kvm loaded"
}

# save_sections ORDERFILE: the section addresses of the modules loaded
# from ORDERFILE, in $out/l1-sections, so that the host can name the code
# of a frozen L1 (lab/l1-symbols).
save_sections() {
	local f name s
	: >"$out/l1-sections"
	while IFS= read -r f; do
		name=${f##*/}
		name=${name%%.ko*}
		name=${name//-/_}
		echo "ko $name $f"
		for s in /sys/module/"$name"/sections/.*text*; do
			echo "$name ${s##*/} $(cat "$s")"
		done
	done <"$1" >>"$out/l1-sections"
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
# hangs costs a minute, not the whole time limit. QEMU writes the serial
# output twice: to NAME.serial in the output folder (its log file, so that
# the host sees it as it comes) and to $L2_LOCAL/NAME.serial (stdout), which
# is what L1 reads while the VM runs: on 7.2 a read racing a write that
# extends a file on the uncached 9p output folder fails with ENODATA
# ("tail: error reading ...: No data available"), and a read-ahead cache
# there lost lines.
L2_LOCAL=/run/l2
l2() {
	local name=$1 image=(-cdrom "$ISO" -boot d)
	shift
	[[ $# -eq 0 ]] || image=(-kernel "$ELF32" -append "$*")
	mkdir -p "$L2_LOCAL"
	: >"$out/$name.serial"
	: >"$L2_LOCAL/$name.serial"
	timeout -k 5 "$L2_TIMEOUT" qemu-system-x86_64 -enable-kvm \
		-name "$name,debug-threads=on" \
		-m "$L2_MEM" -display none -vga std -monitor none \
		-chardev "stdio,id=serial0,logfile=$out/$name.serial" \
		-serial chardev:serial0 -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 "${image[@]}" \
		-device pci-testdev -smp "$L2_SMP" ${L2_CPU:+-cpu "$L2_CPU"} \
		"${l2_extra[@]}" \
		</dev/null >"$L2_LOCAL/$name.serial" 2>"$out/$name.err" &
	l2_pid=$!
	l2_extra=()
	watch_idle "$name" "$l2_pid" &
}

# l2_monitors NAME: give the next probe VM (NAME) its QEMU monitors, QMP
# and HMP, on pipes in L2_LOCAL (NAME.qmp.in/.out, NAME.hmp.in/.out). QEMU
# opens both ends read-write, so that neither side waits for the other.
l2_extra=()
l2_monitors() {
	local p=$L2_LOCAL/$1 m
	mkdir -p "$L2_LOCAL"
	for m in qmp hmp; do
		rm -f "$p.$m.in" "$p.$m.out"
		mkfifo "$p.$m.in" "$p.$m.out"
	done
	l2_extra=(-chardev "pipe,id=qmp,path=$p.qmp" -mon "chardev=qmp,mode=control"
		-chardev "pipe,id=hmp,path=$p.hmp" -mon "chardev=hmp,mode=readline")
}

# qemu_stats NAME: ask probe VM NAME's own QEMU for the exit statistics,
# which it reads from the vCPUs' binary stats fds: QMP query-stats and
# query-stats-schemas (NAME.qmp.log), HMP info stats (NAME.hmp.log). The
# answers get 10 s.
qemu_stats() {
	local p=$L2_LOCAL/$1 q h i
	local names='"names":["exit_reason.count","exit_reason.cycles"]'
	cat "$p.qmp.out" >"$p.qmp.log" &
	q=$!
	cat "$p.hmp.out" >"$p.hmp.log" &
	h=$!
	printf '%s\n' '{"execute":"qmp_capabilities"}' \
		"{\"execute\":\"query-stats\",\"arguments\":{\"target\":\"vcpu\",\"providers\":[{\"provider\":\"kvm\",$names}]}}" \
		'{"execute":"query-stats-schemas","arguments":{"provider":"kvm"}}' \
		>"$p.qmp.in"
	echo 'info stats vcpu exit_reason.count,exit_reason.cycles kvm' \
		>"$p.hmp.in"
	for ((i = 0; i < 50; i++)); do
		[[ $(grep -o '"return"' "$p.qmp.log" | wc -l) -lt 3 ]] ||
			! grep -q 'exit_reason.cycles' "$p.hmp.log" || break
		sleep 0.2
	done
	kill "$q" "$h" 2>/dev/null || true
	wait "$q" "$h" 2>/dev/null || true
	cp "$p.qmp.log" "$p.hmp.log" "$out/"
	[[ $i -lt 50 ]] || mark "probe $1: QEMU's monitors did not answer in 10 s"
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
	tail -n +1 -f --pid="$l2_pid" "$L2_LOCAL/$name.serial"
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

# The host-side view: KVM's per-VM debugfs directories, read by exitstat
# (EXITSTAT, set by run-lab). The Linux guest: L2_KERNEL and L2_INITRD.
EXITSTAT=${EXITSTAT:-}
L2_KERNEL=${L2_KERNEL:-}
L2_INITRD=${L2_INITRD:-}
KVM_DEBUGFS=/sys/kernel/debug/kvm

debugfs_mount() {
	mountpoint -q /sys/kernel/debug ||
		mount -t debugfs debugfs /sys/kernel/debug
}

# l2_vm NAME: wait for the VM of the L2 QEMU started last (the child of
# l2_pid) and put its debugfs directory name (PID-FD) in l2_vm and NAME.vm.
l2_vm() {
	local i qpid='' d
	l2_vm=''
	for ((i = 0; i < 600 && ${#l2_vm} == 0; i++)); do
		[[ -n $qpid ]] || qpid=$(pgrep -P "$l2_pid" | head -n 1 || true)
		for d in "$KVM_DEBUGFS/${qpid:-none}"-*; do
			[[ ! -f $d/exit_stats ]] || l2_vm=${d##*/}
		done
		[[ -n $l2_vm ]] || sleep 0.1
	done
	if [[ -z $l2_vm ]]; then
		mark "$1: no KVM debugfs directory for QEMU ${qpid:-(none)}"
		return 1
	fi
	echo "$l2_vm" >"$out/$1.vm"
}

# exitstat_bg NAME TAG ARG...: run exitstat ARG... in the background, its
# output in NAME.TAG, its messages in NAME.TAG.err, its status in
# NAME.TAG.rc.
exitstat_bg() {
	local f=$out/$1.$2
	shift 2
	(
		rc=0
		"$EXITSTAT" "$@" >"$f" 2>"$f.err" || rc=$?
		echo "$rc" >"$f.rc"
	) &
}

# hold NAME OPTION...: run a probe VM with OPTION... (which must include
# hold=S, S >= 8): once it says it holds, read the host's figures for its
# VM with exitstat (NAME.host.json) and ask its QEMU for them (qemu_stats)
# while it halts, then list the VM directories after it ended (NAME.after).
hold() {
	local name=$1 i
	shift
	mark "probe $name start: $*"
	oracle_on "$name"
	l2_monitors "$name"
	l2 "$name" "$@"
	l2_vm "$name"
	oracle_begin "$name"
	for ((i = 0; i < L2_TIMEOUT * 5; i++)); do
		grep -q 'INFO: hold:' "$L2_LOCAL/$name.serial" && break
		kill -0 "$l2_pid" 2>/dev/null || break
		sleep 0.2
	done
	sleep 2
	"$EXITSTAT" --json "$l2_vm" >"$out/$name.host.json" ||
		mark "probe $name: exitstat failed (status $?)"
	qemu_stats "$name"
	l2_wait "$name" "$l2_pid"
	oracle_end "$name"
	ls "$KVM_DEBUGFS" >"$out/$name.after"
	mark "probe $name end: status $(cat "$out/$name.rc")"
}

# live NAME OPTION...: run a probe VM with OPTION... while exitstat watches
# it three ways: refreshed until it exits (NAME.live), asking for more
# samples than it lives for (NAME.short), and holding the file open to the
# end with a recording (NAME.until, NAME.jsonl).
live() {
	local name=$1
	shift
	mark "probe $name start: $*"
	l2 "$name" "$@"
	l2_vm "$name"
	exitstat_bg "$name" live -i 0.2 "$l2_vm"
	exitstat_bg "$name" short -i 0.2 -n 100000 "$l2_vm"
	exitstat_bg "$name" until --until-exit -i 0.25 \
		--record "$out/$name.jsonl" "$l2_vm"
	l2_wait "$name" "$l2_pid"
	wait
	mark "probe $name end: status $(cat "$out/$name.rc")"
}

# linux_boot NAME: boot the small Linux guest (L2_KERNEL, L2_INITRD: init
# powers off at once) and take its boot census from the host side with
# exitstat: NAME.census (tables and spread), NAME.jsonl (every sample).
linux_boot() {
	local name=$1
	mark "linux $name start: ${L2_KERNEL##*/}"
	: >"$out/$name.serial"
	oracle_on "$name"
	timeout -k 5 "$L2_TIMEOUT" qemu-system-x86_64 -enable-kvm -m 256 \
		-name "$name,debug-threads=on" \
		-display none -monitor none -serial stdio -no-reboot \
		-kernel "$L2_KERNEL" -initrd "$L2_INITRD" \
		-append "console=ttyS0 quiet panic=-1" \
		</dev/null >"$out/$name.serial" 2>"$out/$name.err" &
	l2_pid=$!
	l2_vm "$name"
	oracle_begin "$name"
	"$EXITSTAT" --until-exit --summary -i 0.25 \
		--record "$out/$name.jsonl" "$l2_vm" \
		>"$out/$name.census" 2>"$out/$name.census.err" ||
		echo "$?" >"$out/$name.census.rc"
	l2_wait "$name" "$l2_pid"
	oracle_end "$name"
	cat "$out/$name.serial" "$out/$name.census"
	mark "linux $name end: status $(cat "$out/$name.rc")"
}

# linux_booted NAME: fail unless the Linux guest NAME reached init, powered
# off (QEMU status 0) and exitstat took its census to the end.
linux_booted() {
	grep -q 'reached init' "$out/$1.serial" ||
		{ mark "linux $1 did not reach init"; return 1; }
	[[ $(cat "$out/$1.rc") -eq 0 ]] ||
		{ mark "linux $1: QEMU status $(cat "$out/$1.rc")"; return 1; }
	[[ ! -f $out/$1.census.rc ]] ||
		{ mark "linux $1: exitstat status $(cat "$out/$1.census.rc")"; return 1; }
	grep -q '"final":true' "$out/$1.jsonl" ||
		{ mark "linux $1: no final census sample"; return 1; }
}

# oracle_begin NAME: watch the VM of l2_vm NAME for the kvm:kvm_exit
# oracle (oracle.sh; oracle_on NAME came before its QEMU started).
oracle_begin() {
	oracle_watch "$1" "${l2_vm%%-*}" "$KVM_DEBUGFS/$l2_vm" &
	oracle_pid=$!
}

# oracle_end NAME: once NAME's VM ended, the watch's last reading, the
# oracle's hists, and the triggers down.
oracle_end() {
	wait "$oracle_pid" || mark "oracle $1: the watch ended with status $?"
	oracle_off "$1"
}

# traced NAME OPTION...: a probe VM under the kvm:kvm_exit oracle.
traced() {
	local name=$1
	shift
	mark "probe $name start (traced): $*"
	oracle_on "$name"
	l2 "$name" "$@"
	l2_vm "$name"
	oracle_begin "$name"
	tail -n +1 -f --pid="$l2_pid" "$L2_LOCAL/$name.serial"
	l2_wait "$name" "$l2_pid"
	oracle_end "$name"
	mark "probe $name end: status $(cat "$out/$name.rc")"
}
