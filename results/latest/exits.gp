set terminal svg size 900,420 font 'sans,11'
set output 'exits.svg'
$data << EOD
forkwait 123.2220 75.0320 48.0000 0.1020 0.0880
execloop 492.6550 308.0300 184.0000 0.3300 0.2950
firsttouch 4.0080 3.0040 1.0000 0.0020 0.0020
mmapchurn 20.0350 15.0020 5.0000 0.0170 0.0150
mprotect 42.0390 40.0010 2.0000 0.0200 0.0180
pipeping 2.0070 0.0010 2.0000 0.0030 0.0030
threads 519.8730 390.2600 129.0070 0.3130 0.2930
tlbmiss 0.0050 0.0050 0.0010 0.0010 0.0010
shellmacro 9748.2000 5642.3000 4096.7000 4.7000 4.5000
EOD
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -30
set key outside right top
set grid ytics
set logscale y
set ylabel 'exits per operation'
plot $data using 2:xtic(1) title 'shadow: exits', $data using 3:xtic(1) title 'shadow: pf', $data using 4:xtic(1) title 'shadow: illegal', $data using 5:xtic(1) title 'shadow: sbi', $data using 6:xtic(1) title 'shadow: irq'
