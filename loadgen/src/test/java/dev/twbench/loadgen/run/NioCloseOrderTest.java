package dev.twbench.loadgen.run;

import dev.twbench.loadgen.scenario.Transport;

class NioCloseOrderTest extends CloseOrderContract {
    @Override
    Transport transport() {
        return Transport.NIO;
    }
}
