# Faults outside RAM, reflected exceptions, emulated satp/sfence.vma, U-mode in Bare mode.
. "$(dirname "$0")/lib.sh"
check_fidelity fault-probe 14
