package io.deepbootstrap.app;

import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.experiment.ComponentFailure;
import io.deepbootstrap.toolkit.internal.Nd4jBackends;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.Set;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bootstrap} command line. Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error. */
@Command(name = "bootstrap", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Deep Bootstrap experiments: train in a real world (N examples reused) and an ideal world "
                + "(fresh examples every step) and compare their test-error curves.",
        subcommands = {RunCommand.class, ValidateCommand.class, ListCommand.class, PluginsCommand.class, BenchCommand.class, GenerateCommand.class, ReportCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    /** Exit code for usage and configuration errors. */
    public static final int USAGE = 2;

    private Main() {
    }

    /** @param args command-line arguments */
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line (used by {@link #main} and by tests).
     *
     * @param args arguments
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof ConfigError || e instanceof CommandLine.ParameterException ? USAGE : 1);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, commandLine.getErr()));
        if (args.length > 0 && BACKEND_COMMANDS.contains(args[0]) && !java.util.Arrays.asList(args).contains("--help")) {
            Optional<String> problem = Nd4jBackends.startProblem();
            if (problem.isPresent()) {
                err.println("error: " + problem.get());
                return 1;
            }
            LoggerFactory.getLogger(Main.class).info("ND4J backend: {}", Nd4jBackends.describe());
        }
        return cli.execute(args);
    }

    /** Commands that compute with ND4J: its backend is started (and reported) before them. */
    private static final Set<String> BACKEND_COMMANDS = Set.of("run", "validate", "bench", "generate");

    /**
     * Reports a command's failure: a configuration error in one line (exit 2); a component's unexpected
     * failure with its message, the exception's type and stack trace (exit 1); anything else as it is, with
     * its stack trace (exit 1).
     *
     * @param e what the command threw
     * @param err where to report it
     * @return the exit code
     */
    static int report(Exception e, PrintWriter err) {
        if (e instanceof ConfigError) {
            err.println("error: " + e.getMessage());
            return USAGE;
        }
        if (e instanceof ComponentFailure) {
            err.println("error: " + e.getMessage());
            e.getCause().printStackTrace(err);
            return 1;
        }
        err.println("error: " + e);
        e.printStackTrace(err);
        return 1;
    }

    /** Reports the framework and API versions. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Package p = Main.class.getPackage();
            String v = p.getImplementationVersion();
            return new String[] {"Deep Bootstrap for Java " + (v == null ? "(development build)" : v)};
        }
    }
}
