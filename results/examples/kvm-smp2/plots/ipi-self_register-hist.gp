# ipi-self_register-hist: drawn by scripts/irqbench-plot; run "gnuplot ipi-self_register-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ipi-self_register-hist.png'
set encoding utf8
set title "IPI self_register latency: histogram\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
set label 99 "run 20261121-100453-kvm-smp2; from ipi.csv; TSC 2.445 GHz (cpuid_40000010h)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set logscale y
set yrange [0.5:*]
set style fill solid 0.6 border lc rgb '#08519c'
set xlabel "latency (ms), 34 log-spaced bins"
set ylabel 'samples per bin (log)'
set arrow from 0.927829, graph 0 to 0.927829, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 1.07032, graph 0 to 1.07032, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 928us (green), p99 1.07ms (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.164156 0.174488 2
0.267501 0.284337 1
0.385813 0.410096 1
0.591477 0.628704 1
0.628704 0.668275 1
0.668275 0.710336 1
0.85308 0.906773 121
0.906773 0.963845 181
0.963845 1.02451 74
1.02451 1.08899 13
1.08899 1.15753 1
1.15753 1.23039 2
1.23039 1.30783 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
