# ioapic-costs-signed: drawn by scripts/irqbench-plot; run "gnuplot ioapic-costs-signed.gp" here to draw it again
set terminal pngcairo size 1200,200 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ioapic-costs-signed.png'
set encoding utf8
set title "IOAPIC costs: p50 (bar) and p1 to p99 (whisker) per row (rows with figures at or below 0)\nTCG, QEMU Virtual CPU version 2.5+, 2 CPUs, xAPIC" noenhanced
set label 99 "run 20261121-100436-tcg-smp2; from summary.csv; TSC 2.445 GHz (pit)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set lmargin 34
set xlabel "p50, p1 to p99 (us)"
set yrange [1.5:-0.5]
unset key
set ytics ("period_jitter_rtc 0->0" 0, "period_jitter_rtc 1->1" 1) font ',9'
set style fill solid 0.7
set format x '%g'
set xzeroaxis lt -1
$b << EOD
0 0.0261706 -151.373 97.1949 0x4292c6
1 -0.124311 -226.04 126.429 0x4292c6
EOD
plot $b using (0):1:(0):2:($1-0.35):($1+0.35):5 with boxxyerror lc rgb variable, \
  $b using 2:1:3:4 with xerrorbars pt 7 ps 0.5 lc rgb 'black'
unset output
