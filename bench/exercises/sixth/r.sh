# R 4.2 (Rscript, r-base-core): its own shared libraries and packages
# loaded at run time (stats, utils, grDevices, parallel, compiled code in
# each), forked workers (parallel::mclapply) and a socket cluster of
# Rscript workers (parallel::makePSOCKcluster, over the loopback), its
# own garbage collector and a shell through system().  Train sums a
# vector; test fits a linear model, writes and reads CSV and a gzip
# connection, saves and loads RDS, forks 2 workers, starts a 2-worker
# socket cluster, draws a plot into a PDF (the pdf device),
# runs regular expressions, system("echo"), a temporary file and a
# large allocation with gc().
prepare() {
	rm -rf "$D"/*.csv "$D"/*.rds "$D"/*.pdf "$D"/*.gz "$D/tmp"
	mkdir -p "$D/tmp"
	cat >"$D/test.R" <<'RS'
args <- commandArgs(trailingOnly = TRUE)
d <- args[1]
stopifnot(abs(coef(lm(y ~ x, data.frame(x = 1:10, y = 2 * (1:10) + 1)))[2] - 2) < 1e-9)
df <- data.frame(a = 1:100, b = letters[(0:99 %% 26) + 1])
write.csv(df, file.path(d, "df.csv"), row.names = FALSE)
stopifnot(nrow(read.csv(file.path(d, "df.csv"))) == 100)
con <- gzfile(file.path(d, "t.gz"), "w"); writeLines(rep("abc", 1000), con); close(con)
stopifnot(length(readLines(file.path(d, "t.gz"))) == 1000)
saveRDS(df, file.path(d, "df.rds"))
stopifnot(identical(readRDS(file.path(d, "df.rds")), df))
library(parallel)
r <- mclapply(1:8, function(i) i * i, mc.cores = 2)
stopifnot(identical(unlist(r), (1:8) * (1:8)))
cl <- makePSOCKcluster(2)
stopifnot(identical(unlist(parLapply(cl, 1:4, function(i) i + 1L)), 2:5))
stopCluster(cl)
pdf(file.path(d, "p.pdf")); plot(1:10, main = "t"); hist(rnorm(100)); dev.off()
stopifnot(file.size(file.path(d, "p.pdf")) > 1000)
stopifnot(grepl("^a+b$", "aaab", perl = TRUE), sub("(\\w+)", "<\\1>", "x y") == "<x> y")
stopifnot(system("echo hi", intern = TRUE) == "hi")
f <- tempfile(); writeLines("x", f); stopifnot(readLines(f) == "x"); unlink(f)
x <- numeric(5e6); x[] <- 1; stopifnot(sum(x) == 5e6); rm(x); invisible(gc())
cat("ok\n")
RS
}
TRAIN=(/usr/bin/env HOME="$D" TMPDIR="$D/tmp" /usr/bin/Rscript -e 'cat(sum(1:100), "\n")')
TEST=(/bin/sh -c 'HOME="$1" TMPDIR="$1/tmp" /usr/bin/Rscript "$1/test.R" "$1" | grep -q ok' sh "$D")
