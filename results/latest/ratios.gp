set terminal svg size 900,420 font 'sans,11'
set output 'ratios.svg'
$data << EOD
boot 1.1426 0.9930 1.2297 0.9439
forkwait 2.0106 1.6144 1.5507 1.0021
execloop 1.7483 1.5485 1.5083 1.0005
firsttouch 1.8232 1.5723 1.6606 1.0004
mmapchurn 1.5514 1.2125 1.5513 0.9332
mprotect 1.4317 2.6409 1.7435 1.0004
pipeping 1.1253 1.1110 1.6258 1.0026
threads 1.6364 1.3644 1.6583 1.0038
tlbmiss 0.9320 1.0000 1.7106 1.0000
shellmacro 1.7617 1.6997 1.6092 0.9936
EOD
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -30
set key outside right top
set grid ytics
set ylabel 'time per op, ratio to native'
set yrange [0:*]
plot $data using 2:xtic(1) title 'shadow (wall)', $data using 3:xtic(1) title 'shadow (icount)', $data using 4:xtic(1) title 'nested (wall)', $data using 5:xtic(1) title 'nested (icount)', 1 with lines lc 'black' notitle
