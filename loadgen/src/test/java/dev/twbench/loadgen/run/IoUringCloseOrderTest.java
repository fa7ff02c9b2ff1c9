package dev.twbench.loadgen.run;

import dev.twbench.loadgen.scenario.Transport;

class IoUringCloseOrderTest extends CloseOrderContract {
    @Override
    Transport transport() {
        return Transport.IO_URING;
    }
}
