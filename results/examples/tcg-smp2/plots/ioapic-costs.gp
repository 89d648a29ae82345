# ioapic-costs: drawn by scripts/irqbench-plot; run "gnuplot ioapic-costs.gp" here to draw it again
set terminal pngcairo size 1200,866 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ioapic-costs.png'
set encoding utf8
set title "IOAPIC costs: p50 (bar) and p1 to p99 (whisker) per row (page 1 of 2)\nTCG, QEMU Virtual CPU version 2.5+, 2 CPUs, xAPIC" noenhanced
set label 99 "run 20261121-100436-tcg-smp2; from summary.csv; TSC 2.445 GHz (pit)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set lmargin 34
set xlabel "p50, p1 to p99 (us, log axis)"
set yrange [32.5:-0.5]
unset key
set ytics ("deliver_hpet 0->0" 0, "deliver_hpet 1->1" 1, "deliver_level_hpet 0->0" 2, "deliver_level_hpet 1->1" 3, "deliver_level_uart 0->0" 4, "deliver_level_uart 1->1" 5, "deliver_logical_hpet 0->0" 6, "deliver_logical_hpet 1->1" 7, "deliver_logical_pit 0->0" 8, "deliver_logical_pit 1->1" 9, "deliver_logical_uart 0->0" 10, "deliver_logical_uart 1->1" 11, "deliver_lowest_hpet 0->0" 12, "deliver_lowest_hpet 1->1" 13, "deliver_lowest_logical_hpet 0->0" 14, "deliver_lowest_logical_hpet 1->1" 15, "deliver_lowest_logical_pit 0->0" 16, "deliver_lowest_logical_pit 1->1" 17, "deliver_lowest_logical_uart 0->0" 18, "deliver_lowest_logical_uart 1->1" 19, "deliver_lowest_pit 0->0" 20, "deliver_lowest_pit 1->1" 21, "deliver_lowest_uart 0->0" 22, "deliver_lowest_uart 1->1" 23, "deliver_pit 0->0" 24, "deliver_pit 1->1" 25, "deliver_uart 0->0" 26, "deliver_uart 1->1" 27, "eoi_hpet 0->0" 28, "eoi_hpet 1->1" 29, "eoi_level_hpet 0->0" 30, "eoi_level_hpet 1->1" 31, "eoi_level_uart 0->0" 32) font ',9'
set style fill solid 0.7
set format x '%g'
set logscale x
$b << EOD
0 91.1241 60.6578 141.517 0x4292c6
1 91.6557 16.3873 269.093 0x4292c6
2 37.8669 29.9723 66.4996 0x4292c6
3 56.1103 42.906 121.15 0x4292c6
4 0.791253 0.751179 1.89369 0x4292c6
5 0.791253 0.761402 1.01207 0x4292c6
6 56.4709 45.1002 94.1906 0x4292c6
7 55.0884 33.3181 97.6766 0x4292c6
8 45.918 19.4894 242.821 0x4292c6
9 53.0712 24.6589 147.385 0x4292c6
10 0.961771 0.771216 0.992031 0x4292c6
11 0.771216 0.741365 0.961771 0x4292c6
12 81.0439 45.6285 341.473 0x4292c6
13 48.8406 44.2918 216.8 0x4292c6
14 51.9037 49.1485 106.913 0x4292c6
15 48.1053 30.2929 528.37 0x4292c6
16 64.3622 34.6274 153.506 0x4292c6
17 13.9391 13.3781 30.6201 0x4292c6
18 0.731142 0.701291 0.761402 0x4292c6
19 0.721328 0.691069 1.72317 0x4292c6
20 86.0421 32.7939 200.984 0x4292c6
21 20.5317 17.7964 30.7202 0x4292c6
22 0.721328 0.691477 1.71336 0x4292c6
23 0.741365 0.711105 0.781439 0x4292c6
24 22.0843 18.6077 35.2686 0x4292c6
25 27.7049 18.5677 44.0247 0x4292c6
26 0.771625 0.741365 2.30424 0x4292c6
27 1.25251 0.751179 1.61277 0x4292c6
28 2.51443 1.32244 3.2562 0x4292c6
29 1.78328 0.731142 4.03723 0x4292c6
30 0.791253 0.671441 1.91373 0x4292c6
31 1.71295 1.02188 2.75528 0x4292c6
32 0.190555 0.180332 0.450626 0x4292c6
EOD
plot $b using (0.0650177):1:(0.0650177):2:($1-0.35):($1+0.35):5 with boxxyerror lc rgb variable, \
  $b using 2:1:3:4 with xerrorbars pt 7 ps 0.5 lc rgb 'black'
unset output
