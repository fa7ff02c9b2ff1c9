package dev.twbench.loadgen.run;

import dev.twbench.loadgen.scenario.Transport;

class EpollCloseOrderTest extends CloseOrderContract {
    @Override
    Transport transport() {
        return Transport.EPOLL;
    }
}
