package dev.twbench.loadgen.run;

import dev.twbench.loadgen.scenario.Transport;

class DirectCloseOrderTest extends CloseOrderContract {
    @Override
    Transport transport() {
        return Transport.DIRECT;
    }
}
