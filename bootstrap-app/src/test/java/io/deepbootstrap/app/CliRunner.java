package io.deepbootstrap.app;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and captures its output, as a user at a terminal would see it. */
final class CliRunner {
    record Result(int exitCode, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private CliRunner() {
    }
}
