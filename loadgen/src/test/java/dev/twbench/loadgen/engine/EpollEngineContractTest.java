package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.Transport;

class EpollEngineContractTest extends EngineContract {
    @Override
    Transport transport() {
        return Transport.EPOLL;
    }
}
