# SBI as a guest sees it: probing, errors, HSM, time, timer and IPI interrupts, fences, SRST.
. "$(dirname "$0")/lib.sh"
check_fidelity sbi-probe 20
