# ipi-broadcast_last-hist: drawn by scripts/irqbench-plot; run "gnuplot ipi-broadcast_last-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ipi-broadcast_last-hist.png'
set encoding utf8
set title "IPI broadcast_last latency: histogram\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
set label 99 "run 20261121-100453-kvm-smp2; from ipi.csv; TSC 2.445 GHz (cpuid_40000010h)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set logscale x
set logscale y
set yrange [0.5:*]
set style fill solid 0.6 border lc rgb '#08519c'
set xlabel "latency (ms), 34 log-spaced bins"
set ylabel 'samples per bin (log)'
set arrow from 0.188141, graph 0 to 0.188141, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 3.73573, graph 0 to 3.73573, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 188us (green), p99 3.74ms (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.147475 0.163107 123
0.163107 0.180395 68
0.180395 0.199516 55
0.199516 0.220664 52
0.220664 0.244053 37
0.244053 0.269922 17
0.269922 0.298532 15
0.298532 0.330175 15
0.330175 0.365173 5
0.365173 0.403879 1
0.446689 0.494035 1
1.655 1.83042 2
2.47635 2.73883 1
2.73883 3.02913 1
3.02913 3.35021 1
3.70531 4.09806 5
4.09806 4.53244 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
