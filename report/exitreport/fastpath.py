"""fastpath.py: which exits a kernel line handles in KVM's fastpath, as its
source says, and what that means for each probe trigger. Nothing in the
probe's or the host's figures marks an exit as fastpath-handled (the
leaves, debugfs exit_stats and the kvm_exit tracepoint count both paths
alike), so the comparison derives it from this table and says so.

Read from Debian's sources of each line: svm_exit_handlers_fastpath() in
arch/x86/kvm/svm/svm.c, vmx_exit_handlers_fastpath() in vmx/vmx.c and
the MSR write fastpath in x86.c (handle_fastpath_set_msr_irqoff() on 6.1
and 6.12, handle_fastpath_wrmsr() on 7.2), in 6.1.192, 6.12.117 and
7.2.13. None of them is used while the vCPU runs a nested guest; on AMD
all need NRIPS (next RIP saved; QEMU's EPYC model has it), and on 7.2
none runs while the vPMU counts instructions."""

# Events by kernel line and vendor. "msr_write" is a WRMSR of the x2APIC
# ICR (in x2APIC mode) or of IA32_TSC_DEADLINE only; any other MSR write
# leaves the fastpath for the full handler.
LINES = {
    "6.1": {"amd": {"msr_write"},
            "intel": {"msr_write", "preemption_timer"}},
    "6.12": {"amd": {"msr_write", "hlt"},
             "intel": {"msr_write", "preemption_timer", "hlt"}},
    "7.2": {"amd": {"msr_write", "hlt", "invd"},
            "intel": {"msr_write", "msr_write_imm", "preemption_timer",
                      "hlt", "invd"}},
}

# The fastpath event a trigger's exits would be, and the MSR when it is a
# write that the fastpath may or may not take. Names as guest/triggers.c
# has them; tscdeadline* and x2apic_self_ipi* as kvm-unit-tests' vmexit
# names them (SPEC.md section 5).
TRIGGERS = {
    "hlt": ("hlt", None),
    "invd": ("invd", None),
    "wrmsr": ("msr_write", "IA32_APIC_BASE"),
}
PREFIXES = (("tscdeadline", "msr_write", "IA32_TSC_DEADLINE"),
            ("x2apic_self_ipi", "msr_write", "x2APIC ICR"))
FAST_MSRS = ("IA32_TSC_DEADLINE", "x2APIC ICR")
EVENT_NAMES = {"hlt": "HLT", "invd": "INVD", "msr_write": "WRMSR"}


def event(trigger):
    """(event, msr) for a trigger with a fastpath case in some line, else
    None."""
    if trigger in TRIGGERS:
        return TRIGGERS[trigger]
    for prefix, ev, msr in PREFIXES:
        if trigger.startswith(prefix):
            return ev, msr
    return None


def relevant(trigger):
    """Whether any known line has a fastpath case for this trigger's exit."""
    return event(trigger) is not None


def lookup(line, vendor, result):
    """("yes" | "no" | "?", why) for one probe result on kernel line
    `line`: whether that kernel's source sends this trigger's exits through
    the fastpath."""
    ev = event(result.get("trigger", ""))
    if ev is None:
        return "no", "no fastpath case for this exit on any known line"
    if line not in LINES:
        return "?", "no fastpath table for kernel line %s" % (line or "?")
    table = LINES[line].get(vendor)
    if table is None:
        return "?", "vendor %s unknown" % vendor
    name, msr = ev
    if name not in table:
        return "no", "%s %s has no %s fastpath" % (line, vendor,
                                                  EVENT_NAMES[name])
    if msr and msr not in FAST_MSRS:
        return "no", "the WRMSR fastpath takes only %s; %s goes to the " \
            "full handler" % (" and ".join(FAST_MSRS), msr)
    if result.get("stats") and not result.get("delta") and \
            result.get("total_delta"):
        return "no", "its exits came under another exit code here " \
            "(own code: 0 exits); only %s's own code has the fastpath" \
            % EVENT_NAMES[name]
    return "yes", "%s %s: %s in the fastpath" % (line, vendor,
                                                 EVENT_NAMES[name])
