# timer-oneshot_concurrent_100us-hist: drawn by scripts/irqbench-plot; run "gnuplot timer-oneshot_concurrent_100us-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'timer-oneshot_concurrent_100us-hist.png'
set encoding utf8
set title "timer oneshot_concurrent_100us lateness: histogram\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
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
set arrow from 0.775191, graph 0 to 0.775191, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 1.28015, graph 0 to 1.28015, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 775us (green), p99 1.28ms (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.150828 0.162552 1
0.219298 0.236345 1
0.236345 0.254717 1
0.295855 0.318853 3
0.318853 0.343638 2
0.343638 0.37035 2
0.37035 0.399138 4
0.399138 0.430164 3
0.430164 0.463602 4
0.463602 0.499638 3
0.499638 0.538476 1
0.538476 0.580334 3
0.580334 0.625444 5
0.625444 0.674062 3
0.674062 0.726458 8
0.726458 0.782927 195
0.782927 0.843786 105
0.843786 0.909376 21
0.909376 0.980063 10
0.980063 1.05625 5
1.05625 1.13835 9
1.13835 1.22684 5
1.22684 1.3222 2
1.42498 1.53575 1
1.53575 1.65512 1
1.65512 1.78378 1
1.78378 1.92244 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
