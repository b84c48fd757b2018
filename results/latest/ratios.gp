set terminal svg size 900,420 font 'sans,11'
set output 'ratios.svg'
$data << EOD
boot 2.1847 1.8185
forkwait 3.0712 2.0656
execloop 2.2537 2.2441
firsttouch 1.9147 2.8360
mmapchurn 1.6546 1.8859
mprotect 17.3330 10.0924
pipeping 1.6272 1.1119
threads 1.9761 2.1353
tlbmiss 0.4352 1.4500
shellmacro 1.9231 2.4286
EOD
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -30
set key outside right top
set grid ytics
set ylabel 'time per op, ratio to native'
set yrange [0:*]
plot $data using 2:xtic(1) title 'shadow (wall)', $data using 3:xtic(1) title 'shadow (icount)', 1 with lines lc 'black' notitle
