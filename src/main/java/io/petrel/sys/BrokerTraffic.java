package io.petrel.sys;

/** What the broker has counted since it started, wherever it counts it. Read from the timer thread. */
public interface BrokerTraffic {

    /** Counts nothing: a broker without a metrics registry. */
    BrokerTraffic NONE = new BrokerTraffic() {
        @Override
        public long messagesReceived() {
            return 0;
        }

        @Override
        public long messagesSent() {
            return 0;
        }

        @Override
        public long bytesReceived() {
            return 0;
        }

        @Override
        public long bytesSent() {
            return 0;
        }

        @Override
        public long connectionsAccepted() {
            return 0;
        }
    };

    /** PUBLISH packets received from clients. */
    long messagesReceived();

    /** PUBLISH packets sent to clients. */
    long messagesSent();

    /** Payload bytes received in PUBLISH packets. */
    long bytesReceived();

    /** Payload bytes sent in PUBLISH packets. */
    long bytesSent();

    /** Network connections accepted, over all listeners. */
    long connectionsAccepted();
}
