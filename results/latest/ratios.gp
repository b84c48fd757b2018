set terminal svg size 900,420 font 'sans,11'
set output 'ratios.svg'
$data << EOD
boot 2.6194 1.8858
forkwait 2.9134 2.0679
execloop 2.8887 2.2498
firsttouch 3.2957 2.8371
mmapchurn 2.8637 1.9381
mprotect 13.3149 10.0924
pipeping 1.5058 1.1123
threads 2.9990 2.1362
tlbmiss 0.2869 1.4500
shellmacro 1.7255 2.5714
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
