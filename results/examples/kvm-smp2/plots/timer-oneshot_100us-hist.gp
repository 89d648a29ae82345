# timer-oneshot_100us-hist: drawn by scripts/irqbench-plot; run "gnuplot timer-oneshot_100us-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'timer-oneshot_100us-hist.png'
set encoding utf8
set title "timer oneshot_100us lateness: histogram\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
set label 99 "run 20261121-100453-kvm-smp2; from timer.csv; TSC 2.445 GHz (cpuid_40000010h)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set logscale x
set logscale y
set yrange [0.5:*]
set style fill solid 0.6 border lc rgb '#08519c'
set xlabel "lateness (ms), 34 log-spaced bins"
set ylabel 'samples per bin (log)'
set arrow from 0.784819, graph 0 to 0.784819, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 1.40177, graph 0 to 1.40177, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 785us (green), p99 1.4ms (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.161958 0.175254 1
0.175254 0.189641 1
0.189641 0.205209 1
0.222056 0.240285 1
0.281356 0.304453 1
0.304453 0.329447 2
0.385758 0.417426 2
0.417426 0.451694 1
0.488775 0.5289 1
0.5289 0.572319 1
0.572319 0.619303 4
0.619303 0.670144 2
0.670144 0.725158 1
0.725158 0.784689 179
0.784689 0.849107 136
0.849107 0.918813 33
0.918813 0.994241 11
0.994241 1.07586 8
1.07586 1.16418 5
1.16418 1.25975 3
1.25975 1.36317 1
1.36317 1.47508 1
1.47508 1.59617 2
1.869 2.02243 1
2.18846 2.36812 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
