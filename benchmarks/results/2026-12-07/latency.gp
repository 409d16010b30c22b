# Draws latency.png from the latency-*.dat files: gnuplot latency.gp
set terminal pngcairo size 1400,1250 font 'DejaVu Sans,11'
set output 'latency.png'
set multiplot layout 3,1 margins 0.07,0.93,0.09,0.94 spacing 0.07 title "Writer latency while the same change is applied: 5,000,000 rows, 4 writers, 2 cores (2026-12-07)" font ',13'
set logscale y
set yrange [0.05:100000]
set ytics nomirror ('0.1 ms' 0.1, '1 ms' 1, '10 ms' 10, '100 ms' 100, '1 s' 1000, '10 s' 10000, '100 s' 100000, '1000 s' 1000000)
set y2range [0:4000]
set y2tics
set y2label 'committed tx/s'
set ylabel 'latency'
set xrange [0:68]
set xtics 10
set mxtics 5
set grid ytics xtics
unset key
unset object
unset label
unset arrow
set object 1 rect from 3.000, graph 0 to 28.383, graph 1 behind fc rgb '#fdd9b5' fs solid 1.0 noborder
set label 1 "single UPDATE\n25.4 s" at 3.100, graph 0.90 left front
unset xlabel
set title "Single UPDATE (backfill baseline)"
plot 'latency-baseline.dat' using 1:4 axes x1y2 with lines lw 1 lc rgb '#999999' title 'committed tx/s (right axis)', \
     'latency-baseline.dat' using 1:3 with points pt 7 ps 0.45 lc rgb '#d62728' title 'max latency per 0.2 s', \
     'latency-baseline.dat' using 1:2 with lines lw 1.5 lc rgb '#1f4e9c' title 'median latency per 0.2 s', \
     'latency-baseline.dat' using 1:($5 > 0 ? $3 : 1/0) with points pt 2 ps 2 lw 2 lc rgb 'black' title 'slice with failed transactions'
unset object
unset label
unset arrow
set object 1 rect from 3.000, graph 0 to 22.076, graph 1 behind fc rgb '#fdd9b5' fs solid 1.0 noborder
set label 1 "plain migration\n19.1 s" at 3.100, graph 0.90 left front
unset xlabel
set title "Plain EF Core migration"
plot 'latency-plain.dat' using 1:4 axes x1y2 with lines lw 1 lc rgb '#999999' title 'committed tx/s (right axis)', \
     'latency-plain.dat' using 1:3 with points pt 7 ps 0.45 lc rgb '#d62728' title 'max latency per 0.2 s', \
     'latency-plain.dat' using 1:2 with lines lw 1.5 lc rgb '#1f4e9c' title 'median latency per 0.2 s', \
     'latency-plain.dat' using 1:($5 > 0 ? $3 : 1/0) with points pt 2 ps 2 lw 2 lc rgb 'black' title 'slice with failed transactions'
unset object
unset label
unset arrow
set object 1 rect from 3.004, graph 0 to 7.420, graph 1 behind fc rgb '#fdd9b5' fs solid 1.0 noborder
set label 1 "expand\n4.4 s" at 3.104, graph 0.90 left front
set object 2 rect from 9.421, graph 0 to 61.243, graph 1 behind fc rgb '#c6dbef' fs solid 1.0 noborder
set label 2 "backfill\n51.8 s" at 9.521, graph 0.90 left front
set object 3 rect from 63.249, graph 0 to 64.073, graph 1 behind fc rgb '#c7e9c0' fs solid 1.0 noborder
set label 3 "contract\n0.8 s" at 63.349, graph 0.90 left front
set arrow from 62.247, graph 0 to 62.247, graph 1 nohead dt 2 lw 2 lc rgb '#555555' front
set label "new app version" at 62.347, graph 0.06 left front textcolor rgb '#555555'
set xlabel 'seconds since the writers started'
set key horizontal center at screen 0.5, screen 0.025 maxcols 4 maxrows 1 width 2 samplen 2 box
set title "Staged phases (EfSafeMigrations runner)"
plot 'latency-staged.dat' using 1:4 axes x1y2 with lines lw 1 lc rgb '#999999' title 'committed tx/s (right axis)', \
     'latency-staged.dat' using 1:3 with points pt 7 ps 0.45 lc rgb '#d62728' title 'max latency per 0.2 s', \
     'latency-staged.dat' using 1:2 with lines lw 1.5 lc rgb '#1f4e9c' title 'median latency per 0.2 s', \
     'latency-staged.dat' using 1:($5 > 0 ? $3 : 1/0) with points pt 2 ps 2 lw 2 lc rgb 'black' title 'slice with failed transactions'
unset multiplot
