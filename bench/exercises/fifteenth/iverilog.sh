# Icarus Verilog 11 (iverilog, vvp): a Verilog compiler driver running
# its preprocessor (ivlpp) and its compiler (ivl) as child processes
# through pipes and temporary files, code generators loaded as modules
# (dlopen), and the simulator vvp loading VPI modules (system tasks).
# Train compiles and simulates a module printing one line.
# Test compiles several files with an include directory, defines and a
# library directory (-y), to a vvp file; simulates a counter and a FIFO
# with a testbench reading memory from a file ($readmemh), writing a
# VCD waveform ($dumpfile), a file ($fopen/$fdisplay), plusargs and
# $random; elaborates with -tnull and checks with -Wall.
prepare() {
	rm -rf "$D/v"
	mkdir -p "$D/v/inc" "$D/v/lib"
	cat >"$D/v/hello.v" <<'V'
module hello; initial $display("hello"); endmodule
V
	cat >"$D/v/inc/defs.vh" <<'V'
`define WIDTH 8
V
	cat >"$D/v/lib/counter.v" <<'V'
`include "defs.vh"
module counter(input clk, input rst, output reg [`WIDTH-1:0] q);
  always @(posedge clk) if (rst) q <= 0; else q <= q + 1;
endmodule
V
	cat >"$D/v/fifo.v" <<'V'
module fifo #(parameter W = 8, D = 16) (input clk, input wr, input rd,
  input [W-1:0] din, output [W-1:0] dout, output empty);
  reg [W-1:0] mem [0:D-1];
  reg [4:0] wp = 0, rp = 0;
  assign dout = mem[rp[3:0]];
  assign empty = wp == rp;
  always @(posedge clk) begin
    if (wr) begin mem[wp[3:0]] <= din; wp <= wp + 1; end
    if (rd && !empty) rp <= rp + 1;
  end
endmodule
V
	cat >"$D/v/tb.v" <<'V'
`include "defs.vh"
module tb;
  reg clk = 0, rst = 1, wr = 0, rd = 0;
  reg [7:0] din;
  wire [`WIDTH-1:0] q;
  wire [7:0] dout;
  wire empty;
  reg [7:0] rom [0:7];
  integer i, f, seed;
  counter c(clk, rst, q);
  fifo ff(clk, wr, rd, din, dout, empty);
  always #5 clk = ~clk;
  initial begin
    $dumpfile("tb.vcd");
    $dumpvars(0, tb);
    $readmemh("rom.hex", rom);
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    f = $fopen("out.txt", "w");
    #12 rst = 0;
    for (i = 0; i < 8; i = i + 1) begin
      @(negedge clk) wr = 1; din = rom[i];
    end
    @(negedge clk) wr = 0; rd = 1;
    for (i = 0; i < 8; i = i + 1) begin
      @(posedge clk) $fdisplay(f, "%h", dout);
    end
    $fdisplay(f, "count %0d random %0d", q, $random(seed) & 0);
    $fclose(f);
    $display("done %0d", q);
    $finish;
  end
endmodule
V
	printf '%s\n' 11 22 33 44 55 66 77 88 >"$D/v/rom.hex"
}
TRAIN=(/bin/sh -c 'cd "$1/v" && /usr/bin/iverilog -o hello.vvp hello.v &&
/usr/bin/vvp -n hello.vvp' sh "$D")
TEST=(/bin/sh -c '
cd "$1/v" || exit 1
/usr/bin/iverilog -Wall -g2005 -I inc -y lib -DSIM=1 -o tb.vvp tb.v fifo.v &&
/usr/bin/vvp -n tb.vvp +seed=7 | grep -q "^done" && grep -q "^11$" out.txt &&
grep -q "^88$" out.txt && grep -q "count" out.txt && grep -q "\$enddefinitions" tb.vcd &&
/usr/bin/iverilog -tnull -I inc -y lib tb.v fifo.v &&
/usr/bin/iverilog -E -I inc -o pp.v tb.v && grep -q "reg \[8-1:0\]\|\[8-1" pp.v && echo ok' sh "$D")
