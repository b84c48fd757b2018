set terminal svg size 900,420 font 'sans,11'
set output 'exits.svg'
$data << EOD
forkwait 88.1780 39.9980 48.0000 0.0820 0.0980 0.1120 0.0010 0.0010 0.0520 0.0600
execloop 278.6400 94.0900 184.0050 0.2450 0.3000 0.3550 0.0010 0.0010 0.1600 0.1950
firsttouch 2.0110 1.0080 1.0000 0.0010 0.0020 0.0040 0.0020 0.0010 0.0010 0.0010
mmapchurn 9.0280 4.0000 5.0000 0.0120 0.0150 0.0210 0.0010 0.0010 0.0090 0.0120
mprotect 2.0120 0.0010 2.0000 0.0050 0.0070 0.0050 0.0010 0.0010 0.0020 0.0030
pipeping 2.0080 0.0010 2.0000 0.0030 0.0040 0.0070 0.0010 0.0010 0.0030 0.0040
threads 257.5470 128.0470 129.0070 0.2130 0.2800 0.3600 0.0010 0.0010 0.1600 0.2000
tlbmiss 0.0010 0.0010 0.0010 0.0010 0.0010 0.0010 0.0010 0.0010 0.0010 0.0010
shellmacro 5270.7000 1168.2000 4093.7000 4.7000 4.1000 4.1000 0.0010 0.0010 3.5000 2.6000
EOD
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -30
set key outside right top
set grid ytics
set logscale y
set ylabel 'exits per operation'
plot $data using 2:xtic(1) title 'shadow: exits', $data using 3:xtic(1) title 'shadow: pf', $data using 4:xtic(1) title 'shadow: illegal', $data using 5:xtic(1) title 'shadow: sbi', $data using 6:xtic(1) title 'shadow: irq', $data using 7:xtic(1) title 'nested: exits', $data using 8:xtic(1) title 'nested: pf', $data using 9:xtic(1) title 'nested: illegal', $data using 10:xtic(1) title 'nested: sbi', $data using 11:xtic(1) title 'nested: irq'
