import type { SMTPServer } from 'smtp-server';

/** The parts of smtp-server's connection this reaches into (smtp-server 3.21's own names). */
interface HeldConnection {
  name: string;
  init(): void;
  _setListeners(ready: () => void): void;
  connectionReady(): void;
  send(code: number, text: string, command: false): void;
}

/**
 * smtp-server holds every greeting 100 ms and answers a client that speaks
 * before it "421 You talk too soon" (spam engines do that). The LMTP door's
 * clients are the desk's own MTA and `certdesk deliver`, on a socket only the
 * folder's group may open: they are greeted at once. The hold cost every
 * `certdesk deliver` 100 ms, and refused an LMTP client that pipelines its
 * LHLO. smtp-server has no option for it: its connection's start is replaced
 * by the same start without the timer. Should a later smtp-server name these
 * otherwise, the hold stays, which is slower, not wrong.
 */
export function greetAtOnce(server: SMTPServer, maxClients: number): void {
  const connections = (server as unknown as { connections?: Set<HeldConnection> }).connections;
  if (!(connections instanceof Set)) return;
  const add = connections.add.bind(connections);
  connections.add = (connection: HeldConnection) => {
    if (typeof connection._setListeners === 'function' && typeof connection.connectionReady === 'function')
      connection.init = () =>
        connection._setListeners(() => {
          // As smtp-server's own start: over the limit, the newcomer is told so.
          if (connections.size > maxClients)
            return connection.send(421, `${connection.name} Too many connected clients, try again in a moment`, false);
          connection.connectionReady();
        });
    return add(connection);
  };
}
