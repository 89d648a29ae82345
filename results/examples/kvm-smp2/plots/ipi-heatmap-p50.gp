# ipi-heatmap-p50: drawn by scripts/irqbench-plot; run "gnuplot ipi-heatmap-p50.gp" here to draw it again
set terminal pngcairo size 900,700 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ipi-heatmap-p50.png'
set encoding utf8
set title "IPI roundtrip_halt per CPU pair, p50\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
set label 99 "run 20261121-100453-kvm-smp2; from ipi_matrix.csv; TSC 2.445 GHz (cpuid_40000010h)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set xlabel 'destination CPU (answers)'
set ylabel 'source CPU (sends, times the round trip)'
set xrange [-0.5:1.5]
set yrange [1.5:-0.5]
set size ratio -1
set palette defined (0 '#f7fbff', 0.5 '#6baed6', 1 '#08306b')
set cbrange [264.954:266.837]
set cblabel "p50 (us), linear colour scale"
set label 5 "colour: linear from the lowest 265us (white) to the highest 267us (dark blue), a spread of 0.711 %" at screen 0.01, character 3.4 font ',9'
set object 1 rect from graph 0, graph 0 to graph 1, graph 1 behind fc rgb '#bbbbbb' fs solid noborder
unset grid
set bmargin 9
set xtics ("0" 0, "1" 1)
set ytics ("0" 0, "1" 1)
set label 4 "grey: not measured; no class column: no boundaries" at screen 0.01, character 2.2 font ',9'
$m << EOD
0 0 NaN
1 0 264.954
0 1 266.837
1 1 NaN
EOD
$l << EOD
1 0 265 0x000000
0 1 267 0xffffff
EOD
plot $m using 1:2:3 with image notitle, $l using 1:2:3:4 with labels font ',8' tc rgb variable notitle
unset output
