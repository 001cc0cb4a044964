# kbuild.mk: included first by arch/x86/kvm/Makefile in an out-of-tree
# kvm-build work tree.
#
# Headers the series changes (asm/kvm_host.h, asm/kvm-x86-ops.h, ...) are
# copied into overlay/ and searched before the kernel headers package.
# -I $(src)/.. lets the trace headers' "../../arch/x86/kvm/trace.h" resolve.
kvm_work := $(abspath $(src)/../../..)
NOSTDINC_FLAGS += -I$(kvm_work)/overlay/arch/x86/include \
		  -I$(kvm_work)/overlay/arch/x86/include/uapi \
		  -I$(kvm_work)/overlay/include \
		  -I$(kvm_work)/overlay/include/uapi
ccflags-y += -I $(src)/..
