set terminal svg size 900,420 font 'sans,11'
set output 'exits.svg'
$data << EOD
forkwait 123.2540 75.0140 48.0000 0.1080 0.1320 0.1140 0.0010 0.0010 0.0520 0.0620 0.1140 0.0010 0.0010 0.0520 0.0620
execloop 493.1250 308.3250 184.0050 0.3550 0.4400 0.3550 0.0010 0.0010 0.1600 0.1950 0.3550 0.0010 0.0010 0.1600 0.1950
firsttouch 4.0080 3.0030 1.0000 0.0020 0.0030 0.0030 0.0020 0.0010 0.0010 0.0010 0.0030 0.0020 0.0010 0.0010 0.0010
mmapchurn 20.0430 15.0020 5.0000 0.0180 0.0230 0.0220 0.0010 0.0010 0.0100 0.0120 0.0220 0.0010 0.0010 0.0100 0.0120
mprotect 50.0650 48.0010 2.0000 0.0280 0.0360 0.0040 0.0010 0.0010 0.0020 0.0030 0.0050 0.0010 0.0010 0.0020 0.0030
pipeping 2.0090 0.0010 2.0000 0.0030 0.0040 0.0060 0.0010 0.0010 0.0030 0.0040 0.0070 0.0010 0.0010 0.0030 0.0040
threads 519.8470 390.0670 129.0070 0.3330 0.4400 0.3530 0.0010 0.0010 0.1530 0.2000 0.3670 0.0010 0.0010 0.1600 0.2070
tlbmiss 0.0010 0.0010 0.0010 0.0010 0.0010 0.0010 0.0010 0.0010 0.0010 0.0010 0.0010 0.0010 0.0010 0.0010 0.0010
shellmacro 9730.9000 5622.2000 4096.9000 5.0000 6.8000 2.2000 0.0010 0.0010 1.8000 2.4000 2.4000 0.0010 0.0010 1.9000 2.5000
EOD
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -30
set key outside right top
set grid ytics
set logscale y
set ylabel 'exits per operation'
plot $data using 2:xtic(1) title 'shadow: exits', $data using 3:xtic(1) title 'shadow: pf', $data using 4:xtic(1) title 'shadow: illegal', $data using 5:xtic(1) title 'shadow: sbi', $data using 6:xtic(1) title 'shadow: irq', $data using 7:xtic(1) title 'nested: exits', $data using 8:xtic(1) title 'nested: pf', $data using 9:xtic(1) title 'nested: illegal', $data using 10:xtic(1) title 'nested: sbi', $data using 11:xtic(1) title 'nested: irq', $data using 12:xtic(1) title 'nested48: exits', $data using 13:xtic(1) title 'nested48: pf', $data using 14:xtic(1) title 'nested48: illegal', $data using 15:xtic(1) title 'nested48: sbi', $data using 16:xtic(1) title 'nested48: irq'
