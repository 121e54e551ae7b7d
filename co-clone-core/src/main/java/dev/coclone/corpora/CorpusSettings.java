package dev.coclone.corpora;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which background corpora to learn and where on the machine they are. The library reads no
 * system property: the launcher passes the running JDK's {@code src.zip}, {@code ~/.m2/repository}
 * and {@code python3}; what is not given is skipped with the reason. The workspace's own
 * {@code .venv}/{@code venv} and {@code node_modules} need no location.
 *
 * <pre>{@code
 * CorpusSettings s = CorpusSettings.builder().kinds(CorpusKind.parse("maven,node"))
 *     .mavenRepository(home.resolve(".m2/repository")).build();
 * }</pre>
 */
public final class CorpusSettings {
  private final Set<CorpusKind> kinds;
  private final Path jdkSources;
  private final Path mavenRepository;
  private final String pythonCommand;
  private final Path pythonStdlib;
  private final CorpusBudget budget;

  private CorpusSettings(Builder b) {
    this.kinds = Set.copyOf(b.kinds);
    this.jdkSources = b.jdkSources;
    this.mavenRepository = b.mavenRepository;
    this.pythonCommand = b.pythonCommand;
    this.pythonStdlib = b.pythonStdlib;
    this.budget = b.budget;
  }

  /** A builder with every kind chosen and no location known. */
  public static Builder builder() {
    return new Builder();
  }

  /** No background corpus at all. */
  public static CorpusSettings none() {
    return builder().kinds(EnumSet.noneOf(CorpusKind.class)).build();
  }

  /** A builder holding these settings. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.kinds = EnumSet.noneOf(CorpusKind.class);
    b.kinds.addAll(kinds);
    b.jdkSources = jdkSources;
    b.mavenRepository = mavenRepository;
    b.pythonCommand = pythonCommand;
    b.pythonStdlib = pythonStdlib;
    b.budget = budget;
    return b;
  }

  /** The chosen kinds. */
  public Set<CorpusKind> kinds() {
    return kinds;
  }

  /** The JDK's {@code src.zip}, or null. */
  public Path jdkSources() {
    return jdkSources;
  }

  /** The local Maven repository, or null. */
  public Path mavenRepository() {
    return mavenRepository;
  }

  /** The Python interpreter asked where its standard library is (when no venv has one), or null. */
  public String pythonCommand() {
    return pythonCommand;
  }

  /** The Python standard library folder, when given instead of asking an interpreter, or null. */
  public Path pythonStdlib() {
    return pythonStdlib;
  }

  /** The budgets. */
  public CorpusBudget budget() {
    return budget;
  }

  /** Builds {@link CorpusSettings}. */
  public static final class Builder {
    private EnumSet<CorpusKind> kinds = EnumSet.allOf(CorpusKind.class);
    private Path jdkSources;
    private Path mavenRepository;
    private String pythonCommand;
    private Path pythonStdlib;
    private CorpusBudget budget = CorpusBudget.DEFAULT;

    private Builder() {}

    /** The kinds to learn (default: all; empty for none). */
    public Builder kinds(Set<CorpusKind> kinds) {
      Objects.requireNonNull(kinds, "kinds");
      this.kinds = kinds.isEmpty() ? EnumSet.noneOf(CorpusKind.class) : EnumSet.copyOf(kinds);
      return this;
    }

    /** The JDK's {@code lib/src.zip} (default none: the JDK corpus is skipped). */
    public Builder jdkSources(Path srcZip) {
      this.jdkSources = srcZip;
      return this;
    }

    /** The local Maven repository, e.g. {@code ~/.m2/repository} (default none). */
    public Builder mavenRepository(Path repository) {
      this.mavenRepository = repository;
      return this;
    }

    /** The interpreter to ask for its standard library, e.g. {@code python3} (default none). */
    public Builder pythonCommand(String command) {
      this.pythonCommand = command == null || command.isBlank() ? null : command;
      return this;
    }

    /** The Python standard library folder itself (default: ask the venv's or the given interpreter). */
    public Builder pythonStdlib(Path folder) {
      this.pythonStdlib = folder;
      return this;
    }

    /** The budgets (default {@link CorpusBudget#DEFAULT}). */
    public Builder budget(CorpusBudget budget) {
      this.budget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /** Builds the settings. */
    public CorpusSettings build() {
      return new CorpusSettings(this);
    }
  }
}
