/**
 * Confidence intervals for reduced losses by a one-pass Poisson bootstrap: {@link
 * io.losseval.core.bootstrap.PoissonBootstrap} (the settings and each row's resampling counts), {@link
 * io.losseval.core.bootstrap.BootstrapAccumulator} (B mergeable replicate accumulators) and {@link
 * io.losseval.core.bootstrap.BootstrapInterval} (the percentile interval).
 */
package io.losseval.core.bootstrap;
