/* exit_stats_abi.h: the CPUID exit-statistics ABI shared by guest and host. */
#ifndef EXIT_STATS_ABI_H
#define EXIT_STATS_ABI_H

/*
 * A patched KVM answers four CPUID leaves with the exit statistics of the
 * VM that executes CPUID, summed over all of its vCPUs.
 *
 *   leaf (EAX in)      ECX in       EAX out       EBX out      ECX out      EDX out
 *   EXIT_STATS_TOTAL   -            exits (lo32)  0            0            0
 *   EXIT_STATS_CYCLES  -            0             cycles hi32  cycles lo32  0
 *   EXIT_STATS_COUNT   exit number  exits (lo32)  0            0            0
 *   EXIT_STATS_TIME    exit number  0             cycles hi32  cycles lo32  0
 *
 * Exit numbers are the vendor's own: the VMX basic exit reason (bits 15:0)
 * on Intel, the raw SVM exit code on AMD.
 *
 * For EXIT_STATS_COUNT and EXIT_STATS_TIME, an exit number the vendor does
 * not define answers EAX=EBX=ECX=0 and EDX=EXIT_STATS_UNDEFINED; a number
 * that is defined but not handled by this KVM answers zero in all four.
 *
 * Counts include every exit, fast-path ones too, and the exit that brings
 * the CPUID that reads the leaf, intercepted or emulated (counted before
 * the answer is formed). The 32-bit count wraps: take deltas modulo 2^32.
 * Totals are the sums of the per-reason figures. Cycles are host TSC
 * cycles from where the host's state is back after the VM exit (where the
 * kvm_exit tracepoint fires) until KVM's in-kernel handling ends;
 * userspace completion and time blocked in HLT are not included.
 *
 * The leaves are answered only when the host administrator opts in
 * (kvm.exit_stats_leaves=Y; off by default, since the cycles are host
 * timing) and counting is on (kvm.exit_stats=Y, the default). Otherwise,
 * and for SEV-ES/SEV-SNP guests, they answer as an unpatched KVM does.
 */
#define EXIT_STATS_TOTAL	0x4FFFFFFCu	/* all exits: count */
#define EXIT_STATS_CYCLES	0x4FFFFFFDu	/* all exits: cycles */
#define EXIT_STATS_COUNT	0x4FFFFFFEu	/* one exit number: count */
#define EXIT_STATS_TIME		0x4FFFFFFFu	/* one exit number: cycles */

#define EXIT_STATS_UNDEFINED	0xFFFFFFFFu	/* EDX for an undefined number */

#endif /* EXIT_STATS_ABI_H */
