package io.deepbootstrap.core.plugin;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;

/** A process that loads the plugins of a folder, says where it unpacked them, and waits to be terminated. */
public final class TempFolderChild {
    private TempFolderChild() {
    }

    /** @param args the plugins folder, the temporary directory */
    public static void main(String[] args) throws InterruptedException {
        PluginTempFolders temp = new PluginTempFolders(Path.of(args[1]));
        PluginComponents plugins = PluginSystem.load(List.of(Path.of(args[0])), ConfigFactory.empty(), List.of(), ApiVersion.current(), temp);
        if (!plugins.errors().isEmpty()) {
            System.out.println("errors " + plugins.errors());
        }
        System.out.println("ready " + temp.root());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
