# ipi-roundtrip_spin-hist: drawn by scripts/irqbench-plot; run "gnuplot ipi-roundtrip_spin-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ipi-roundtrip_spin-hist.png'
set encoding utf8
set title "IPI roundtrip_spin latency: histogram\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
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
set arrow from 0.776347, graph 0 to 0.776347, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 1.70926, graph 0 to 1.70926, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 776us (green), p99 1.71ms (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.226492 0.242669 2
0.242669 0.260001 2
0.367095 0.393314 2
0.393314 0.421405 8
0.421405 0.451503 22
0.451503 0.483751 7
0.483751 0.518301 3
0.518301 0.55532 6
0.55532 0.594982 58
0.594982 0.637478 31
0.637478 0.683008 15
0.683008 0.73179 8
0.73179 0.784056 75
0.784056 0.840056 70
0.840056 0.900055 12
0.900055 0.964339 8
0.964339 1.03321 8
1.03321 1.10701 14
1.10701 1.18608 26
1.18608 1.27079 7
1.27079 1.36155 6
1.36155 1.4588 2
1.4588 1.56299 1
1.56299 1.67462 2
1.67462 1.79423 3
2.05968 2.20678 1
2.20678 2.3644 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
