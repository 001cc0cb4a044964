/* exits.c: the exit-number tables of SPEC section 6, for names and census. */
#include "exits.h"
#include "fmt.h"

static const char *const vmx_names[VMX_EXIT_MAX + 1] = {
	[0] = "exception/NMI",		[1] = "external interrupt",
	[2] = "triple fault",		[3] = "INIT",
	[4] = "SIPI",			[5] = "I/O SMI",
	[6] = "other SMI",		[7] = "interrupt window",
	[8] = "NMI window",		[9] = "task switch",
	[10] = "CPUID",			[11] = "GETSEC",
	[12] = "HLT",			[13] = "INVD",
	[14] = "INVLPG",		[15] = "RDPMC",
	[16] = "RDTSC",			[17] = "RSM",
	[18] = "VMCALL",		[19] = "VMCLEAR",
	[20] = "VMLAUNCH",		[21] = "VMPTRLD",
	[22] = "VMPTRST",		[23] = "VMREAD",
	[24] = "VMRESUME",		[25] = "VMWRITE",
	[26] = "VMXOFF",		[27] = "VMXON",
	[28] = "CR access",		[29] = "MOV DR",
	[30] = "I/O instruction",	[31] = "RDMSR",
	[32] = "WRMSR",			[33] = "entry fail: guest state",
	[34] = "entry fail: MSR load",	[36] = "MWAIT",
	[37] = "monitor trap flag",	[39] = "MONITOR",
	[40] = "PAUSE",			[41] = "entry fail: machine check",
	[43] = "TPR below threshold",	[44] = "APIC access",
	[45] = "virtualized EOI",	[46] = "GDTR/IDTR access",
	[47] = "LDTR/TR access",	[48] = "EPT violation",
	[49] = "EPT misconfig",		[50] = "INVEPT",
	[51] = "RDTSCP",		[52] = "preemption timer",
	[53] = "INVVPID",		[54] = "WBINVD",
	[55] = "XSETBV",		[56] = "APIC write",
	[57] = "RDRAND",		[58] = "INVPCID",
	[59] = "VMFUNC",		[60] = "ENCLS",
	[61] = "RDSEED",		[62] = "PML full",
	[63] = "XSAVES",		[64] = "XRSTORS",
	[65] = "PCONFIG",		[66] = "SPP event",
	[67] = "UMWAIT",		[68] = "TPAUSE",
	[69] = "LOADIWKEY",		[70] = "ENCLV",
	[72] = "ENQCMD",		[73] = "ENQCMDS",
	[74] = "bus lock",		[75] = "notify",
	[76] = "SEAMCALL",		[77] = "TDCALL",
	[78] = "RDMSRLIST",		[79] = "WRMSRLIST",
	[84] = "RDMSR immediate",	[85] = "WRMSRNS immediate",
};

/* SVM codes 0x60..0xa6 that have a name of their own. */
static const char *const svm_names[] = {
	[0x60] = "INTR",		[0x61] = "NMI",
	[0x62] = "SMI",			[0x63] = "INIT",
	[0x64] = "VINTR",		[0x65] = "CR0 selective write",
	[0x66] = "IDTR read",		[0x67] = "GDTR read",
	[0x68] = "LDTR read",		[0x69] = "TR read",
	[0x6a] = "IDTR write",		[0x6b] = "GDTR write",
	[0x6c] = "LDTR write",		[0x6d] = "TR write",
	[0x6e] = "RDTSC",		[0x6f] = "RDPMC",
	[0x70] = "PUSHF",		[0x71] = "POPF",
	[0x72] = "CPUID",		[0x73] = "RSM",
	[0x74] = "IRET",		[0x75] = "INTn",
	[0x76] = "INVD",		[0x77] = "PAUSE",
	[0x78] = "HLT",			[0x79] = "INVLPG",
	[0x7a] = "INVLPGA",		[0x7b] = "IOIO",
	[0x7c] = "MSR",			[0x7d] = "task switch",
	[0x7e] = "FERR freeze",		[0x7f] = "shutdown",
	[0x80] = "VMRUN",		[0x81] = "VMMCALL",
	[0x82] = "VMLOAD",		[0x83] = "VMSAVE",
	[0x84] = "STGI",		[0x85] = "CLGI",
	[0x86] = "SKINIT",		[0x87] = "RDTSCP",
	[0x88] = "ICEBP",		[0x89] = "WBINVD",
	[0x8a] = "MONITOR",		[0x8b] = "MWAIT",
	[0x8c] = "MWAIT conditional",	[0x8d] = "XSETBV",
	[0x8e] = "RDPRU",		[0x8f] = "EFER write trap",
	[0xa0] = "INVLPGB",		[0xa1] = "INVLPGB illegal",
	[0xa2] = "INVPCID",		[0xa3] = "MCOMMIT",
	[0xa4] = "TLBSYNC",		[0xa5] = "bus lock",
	[0xa6] = "idle HLT",
};

static const char *const svm_high_names[] = {
	"NPF", "AVIC incomplete IPI", "AVIC unaccelerated access", "VMGEXIT",
};

#define SVM_EXIT_CR_READ	0x00
#define SVM_EXIT_EXCP_BASE	0x40
#define SVM_EXIT_CR_TRAP	0x90
#define SVM_EXIT_NAMED_END	0xa7

bool exit_defined(enum vendor v, u32 nr)
{
	char buf[EXIT_NAME_LEN];

	return exit_name(v, nr, buf) != NULL;
}

static const char *svm_exit_name(u32 nr, char *buf)
{
	static const char *const kind[] = {
		"CR%u read", "CR%u write", "DR%u read", "DR%u write",
	};

	if (nr < SVM_EXIT_EXCP_BASE) {
		fmt_snprintf(buf, EXIT_NAME_LEN, kind[nr >> 4], nr & 0xf);
		return buf;
	}
	if (nr < SVM_EXIT_INTR) {
		fmt_snprintf(buf, EXIT_NAME_LEN, "exception vector %u",
			     nr - SVM_EXIT_EXCP_BASE);
		return buf;
	}
	if (nr >= SVM_EXIT_CR_TRAP && nr < SVM_EXIT_CR_TRAP + 16) {
		fmt_snprintf(buf, EXIT_NAME_LEN, "CR%u write trap",
			     nr - SVM_EXIT_CR_TRAP);
		return buf;
	}
	if (nr < SVM_EXIT_NAMED_END)
		return svm_names[nr];
	if (nr >= SVM_EXIT_NPF && nr <= SVM_EXIT_MAX)
		return svm_high_names[nr - SVM_EXIT_NPF];
	return NULL;
}

const char *exit_name(enum vendor v, u32 nr, char *buf)
{
	if (v == VENDOR_INTEL)
		return nr <= VMX_EXIT_MAX ? vmx_names[nr] : NULL;
	if (v == VENDOR_AMD)
		return svm_exit_name(nr, buf);
	return NULL;
}

u32 exit_all_defined(enum vendor v, u32 *out, u32 max)
{
	u32 nr, n = 0;

	for (nr = 0; nr <= SVM_EXIT_MAX && n < max; nr++)
		if (exit_defined(v, nr))
			out[n++] = nr;
	return n;
}

u32 exit_cpuid(enum vendor v)
{
	return v == VENDOR_AMD ? SVM_EXIT_CPUID : VMX_EXIT_CPUID;
}

const char *vendor_name(enum vendor v)
{
	static const char *const names[] = { "intel", "amd", "other" };

	return names[v];
}
