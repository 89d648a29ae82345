# ipi-icr-hist: drawn by scripts/irqbench-plot; run "gnuplot ipi-icr-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ipi-icr-hist.png'
set encoding utf8
set title "IPI icr latency: histogram\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
set label 99 "run 20261121-100453-kvm-smp2; from ipi.csv; TSC 2.445 GHz (cpuid_40000010h)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set logscale x
set logscale y
set yrange [0.5:*]
set style fill solid 0.6 border lc rgb '#08519c'
set xlabel "latency (us), 34 log-spaced bins"
set ylabel 'samples per bin (log)'
set arrow from 29.8757, graph 0 to 29.8757, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 171.379, graph 0 to 171.379, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 29.9us (green), p99 171us (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
20.5681 22.0965 127
22.0965 23.7385 4
23.7385 25.5024 4
25.5024 27.3975 9
27.3975 29.4334 39
29.4334 31.6205 46
31.6205 33.9702 71
33.9702 36.4945 27
36.4945 39.2063 1
39.2063 42.1197 2
42.1197 45.2495 2
45.2495 48.612 8
48.612 52.2243 23
52.2243 56.105 20
56.105 60.2741 2
60.2741 64.7529 2
80.2872 86.2533 2
86.2533 92.6626 2
92.6626 99.5483 1
99.5483 106.946 1
142.455 153.041 1
164.413 176.631 3
189.756 203.856 1
203.856 219.005 1
219.005 235.278 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
