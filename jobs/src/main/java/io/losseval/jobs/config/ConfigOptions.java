package io.losseval.jobs.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every config-driven command takes ({@code evaluate}, {@code report}, {@code compare}):
 * {@code --config FILE} and repeatable {@code --set key=value} overrides. A picocli mixin.
 */
public final class ConfigOptions {

  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
      description = "The job config (YAML): conf/evaluate.yaml, or one of conf/examples/ (every key is"
          + " described in conf/README.md).")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override a config key: --set input.path=data.parquet --set losses[0].reduction=sum"
          + " --set spark.spark.sql.shuffle.partitions=64 (repeatable).")
  List<String> overrides = new ArrayList<>();

  /** Reads the config with the overrides applied. */
  public ConfigLoader.Loaded load() {
    return new ConfigLoader().load(config, overrides);
  }
}
