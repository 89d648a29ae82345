# timer-deadline_immediate-hist: drawn by scripts/irqbench-plot; run "gnuplot timer-deadline_immediate-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'timer-deadline_immediate-hist.png'
set encoding utf8
set title "timer deadline_immediate lateness: histogram\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
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
set arrow from 0.849764, graph 0 to 0.849764, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 0.961182, graph 0 to 0.961182, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 850us (green), p99 961us (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.200393 0.214778 1
0.303757 0.325562 1
0.460436 0.493488 3
0.56688 0.607572 1
0.697931 0.748031 2
0.748031 0.801727 1
0.801727 0.859278 277
0.859278 0.92096 101
0.92096 0.98707 9
0.98707 1.05793 2
1.13387 1.21526 1
1.97433 2.11605 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
