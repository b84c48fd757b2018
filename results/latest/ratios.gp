set terminal svg size 900,420 font 'sans,11'
set output 'ratios.svg'
$data << EOD
boot 2.4991 1.8665 1.5705 1.7863 1.6288 1.7863
forkwait 2.3898 2.1211 1.6934 1.0032 1.8074 1.0032
execloop 2.1397 2.2784 1.8352 0.9973 1.9276 0.9963
firsttouch 2.4352 2.8924 1.6614 0.9985 1.9354 0.9989
mmapchurn 2.3036 1.9130 1.5908 1.0174 1.8263 1.0147
mprotect 9.5008 13.9896 1.7846 1.0003 2.0075 1.0466
pipeping 1.1220 1.1321 1.7647 1.0017 1.9223 1.0011
threads 1.9044 2.1728 1.7255 0.9985 1.8487 0.9953
tlbmiss 0.9401 1.0000 1.7930 1.0000 2.0133 1.0000
shellmacro 2.3594 2.7143 1.6562 1.0000 1.7969 1.0000
EOD
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -30
set key outside right top
set grid ytics
set ylabel 'time per op, ratio to native'
set yrange [0:*]
plot $data using 2:xtic(1) title 'shadow (wall)', $data using 3:xtic(1) title 'shadow (icount)', $data using 4:xtic(1) title 'nested (wall)', $data using 5:xtic(1) title 'nested (icount)', $data using 6:xtic(1) title 'nested48 (wall)', $data using 7:xtic(1) title 'nested48 (icount)', 1 with lines lc 'black' notitle
