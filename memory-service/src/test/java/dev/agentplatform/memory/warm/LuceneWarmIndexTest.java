package dev.agentplatform.memory.warm;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link WarmIndexContract} against a Lucene index in a temporary directory. */
class LuceneWarmIndexTest extends WarmIndexContract {

    @TempDir
    Path dir;

    @Override
    WarmIndex open() {
        return new LuceneWarmIndex(dir);
    }

    @Override
    WarmIndex reopen() {
        return new LuceneWarmIndex(dir);
    }
}
