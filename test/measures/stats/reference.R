# Reference values for test/measures/stats/*.test.ts, computed with R's own
# implementations (R 4.2.2, survival 3.5-3; Debian packages r-base-core and
# r-cran-survival). Run: Rscript test/measures/stats/reference.R
# The tests quote these outputs and name the call that produced each.
options(digits = 10, width = 150)
library(survival)

cat("## Wilson (prop.test, correct = FALSE) and Clopper-Pearson (binom.test)\n")
for (xn in list(c(81, 263), c(15, 148), c(0, 20), c(1, 29), c(29, 29))) {
  cat(xn, "wilson", prop.test(xn[1], xn[2], correct = FALSE)$conf.int,
      "cp", binom.test(xn[1], xn[2])$conf.int, "\n")
}
cat("99.8% 81/263 wilson", prop.test(81, 263, correct = FALSE, conf.level = 0.998)$conf.int,
    "cp", binom.test(81, 263, conf.level = 0.998)$conf.int, "\n")

cat("## Katz rate ratio, by the formula (no package)\n")
katz <- function(a, n1, b, n2, l = 0.95) {
  rr <- (a / n1) / (b / n2); se <- sqrt(1 / a - 1 / n1 + 1 / b - 1 / n2)
  c(rr, exp(log(rr) + c(-1, 1) * qnorm(1 - (1 - l) / 2) * se))
}
cat("81/263 vs 15/148", katz(81, 263, 15, 148), "\n")
cat("81/263 vs 15/148 at 99.8%", katz(81, 263, 15, 148, 0.998), "\n")
cat("0/40 vs 5/50 corrected", katz(0.5, 41, 5.5, 51), "\n")

cat("## z test (prop.test, correct = FALSE): X-squared = z^2\n")
for (t in list(c(15, 50, 25, 50), c(81, 263, 15, 148), c(3, 10, 7, 10))) {
  r <- prop.test(c(t[1], t[3]), c(t[2], t[4]), correct = FALSE)
  cat(t, "X2", r$statistic, "z", sqrt(r$statistic), "p", r$p.value, "\n")
}

cat("## Fisher (fisher.test)\n")
cat("tea", fisher.test(matrix(c(3, 1, 1, 3), 2))$p.value, "\n")
cat("dieting", fisher.test(matrix(c(1, 9, 11, 3), 2))$p.value, "\n")
cat("0 5 / 5 0", fisher.test(matrix(c(0, 5, 5, 0), 2))$p.value, "\n")
cat("zero margin", fisher.test(matrix(c(0, 0, 1, 3), 2))$p.value, "\n")
cat("1200/20000 vs 1100/20000", fisher.test(matrix(c(1200, 18800, 1100, 18900), 2, byrow = TRUE))$p.value, "\n")
cat("30/30000 vs 12/20000", fisher.test(matrix(c(30, 29970, 12, 19988), 2, byrow = TRUE))$p.value, "\n")
cat("2/10 vs 7/12 (proportionTest -> Fisher)", fisher.test(matrix(c(2, 8, 7, 5), 2, byrow = TRUE))$p.value, "\n")

cat("## Benjamini-Hochberg (p.adjust)\n")
p <- c(0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459,
       0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000)
cat(p.adjust(p, "BH"), "\n")
cat(p.adjust(c(0.04, NA, 0.01, 0.03, 0.5), "BH"), "\n")

cat("## Kaplan-Meier (survfit, conf.type = 'log-log')\n")
t6 <- c(6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35)
e6 <- c(1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0)
f6 <- survfit(Surv(t6, e6) ~ 1, conf.type = "log-log")
print(summary(f6, censored = TRUE), digits = 8)
print(quantile(f6, c(0.25, 0.5, 0.75)))
tp <- c(1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23)
fp <- survfit(Surv(tp, rep(1, 21)) ~ 1, conf.type = "log-log")
print(summary(fp), digits = 8)
print(quantile(fp, c(0.25, 0.5, 0.75, 0.9)))
print(summary(survfit(Surv(c(2, 2, 2, 3, 5, 5), c(1, 0, 1, 0, 1, 1)) ~ 1, conf.type = "log-log"), censored = TRUE), digits = 8)
print(summary(survfit(Surv(c(1, 2, 3), c(0, 0, 0)) ~ 1, conf.type = "log-log"), censored = TRUE))

cat("## Trend: lm(qlogis(x/n) ~ t, weights = n)\n")
tr <- data.frame(t = 1:6, x = c(30, 41, 35, 52, 49, 60), n = c(200, 220, 190, 230, 210, 240))
ft <- lm(qlogis(x / n) ~ t, data = tr, weights = n)
print(coef(summary(ft)), digits = 10); print(confint(ft), digits = 10)
fp2 <- lm(I(x / n) ~ t, data = tr, weights = n)
print(coef(summary(fp2)), digits = 10); print(confint(fp2), digits = 10)

cat("## Interrupted time series: lm(y ~ I(t - tb) + D + I(D * (t - tb)), weights = n)\n")
its <- data.frame(
  t = 1:20,
  x = c(52, 55, 49, 60, 58, 63, 61, 66, 64, 70, 40, 42, 45, 41, 47, 44, 49, 50, 46, 52),
  n = c(200, 210, 190, 220, 205, 215, 200, 225, 210, 230, 200, 195, 215, 190, 220, 200, 210, 215, 190, 205))
its$D <- as.numeric(its$t >= 11); tb <- 11
for (y in list(qlogis(its$x / its$n), its$x / its$n)) {
  fi <- lm(y ~ I(t - tb) + D + I(D * (t - tb)), data = its, weights = n)
  print(coef(summary(fi)), digits = 10); print(confint(fi), digits = 10)
  V <- vcov(fi); cat("post slope", sum(coef(fi)[c(2, 4)]), "se", sqrt(V[2, 2] + V[4, 4] + 2 * V[2, 4]), "\n")
  r <- weighted.residuals(fi); cat("sigma", sigma(fi), "DW", sum(diff(r)^2) / sum(r^2), "\n")
}
