// BrokerHTTP: the thin HTTP layer (OpenAPI JSON API, HTML pages, auth, metrics, health) over
// `Broker`. It is built by the daemon issue; until then this module deliberately has no code.
import Broker
