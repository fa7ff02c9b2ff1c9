package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.Transport;

class NioEngineContractTest extends EngineContract {
    @Override
    Transport transport() {
        return Transport.NIO;
    }
}
