// Ending an ssh connection with a sentence the student reads.
//
// ssh2's Connection.end() sends SSH_MSG_DISCONNECT with an empty
// description, which OpenSSH prints as a bare "Received disconnect from
// HOST port N:11:". OpenSSH prints a disconnect's description at every
// LogLevel but QUIET ("Received disconnect from HOST port N:14: Too many
// wrong join codes: ..."), while keyboard-interactive instructions and
// banners are hidden from LogLevel=ERROR on. So the reason goes in the
// disconnect message (RFC 4253 11.1), which ssh2 cannot send with a text:
// disconnectWith builds it on the connection's own protocol object (its
// cipher and packet writer, as ssh2's Protocol.disconnect does), and
// falls back to a plain end() should ssh2's insides ever differ.
//
// refuseSocket says it before any key exchange, on a socket not handed to
// ssh2 (an address refused at accept): our version line, then the
// message as the first, unencrypted, binary packet (RFC 4253 6), which
// OpenSSH reports the same way.

import type net from 'node:net';
import type { Connection } from 'ssh2';

/** SSH_MSG_DISCONNECT's reason codes used here (RFC 4253 11.1). */
export const DISCONNECT = {
  BY_APPLICATION: 11, // the server's own reason
  NO_MORE_AUTH_METHODS_AVAILABLE: 14, // out of login tries
} as const;

/** Message number of SSH_MSG_DISCONNECT. */
const MSG_DISCONNECT = 1;
/** OpenSSH prints at most this many characters of a description. */
const TEXT_MAX = 400;

/** What disconnectWith uses of ssh2's protocol object (ssh2 1.x, lib/protocol/Protocol.js). */
interface ProtocolInsides {
  _packetRW: { write: { allocStartKEX: number; alloc(len: number, force: boolean): Buffer; finalize(packet: Buffer, force: boolean): Buffer } };
  _cipher: { encrypt(packet: Buffer): void };
}

/** The disconnect message's payload: reason, description, empty language tag. */
function payload(reason: number, text: string): Buffer {
  const desc = Buffer.from(text.slice(0, TEXT_MAX), 'utf8');
  const p = Buffer.alloc(1 + 4 + 4 + desc.length + 4);
  p[0] = MSG_DISCONNECT;
  p.writeUInt32BE(reason, 1);
  p.writeUInt32BE(desc.length, 5);
  desc.copy(p, 9);
  p.writeUInt32BE(0, 9 + desc.length);
  return p;
}

/**
 * Send SSH_MSG_DISCONNECT with `text` on an ssh2 connection and close its
 * socket. Returns false if it had to fall back to ssh2's end() (no text).
 */
export function disconnectWith(client: Connection, socket: net.Socket, reason: number, text: string): boolean {
  try {
    const proto = (client as unknown as { _protocol?: ProtocolInsides })._protocol;
    if (!proto?._packetRW?.write || typeof proto._cipher?.encrypt !== 'function') throw new Error('ssh2 internals changed');
    const body = payload(reason, text);
    const w = proto._packetRW.write;
    const at = w.allocStartKEX; // where the payload starts in a packet allocated outside the key exchange's queue
    const packet = w.alloc(body.length, true);
    body.copy(packet, at);
    proto._cipher.encrypt(w.finalize(packet, true));
    socket.end();
    return true;
  } catch {
    try {
      client.end();
    } catch {
      socket.destroy();
    }
    return false;
  }
}

/**
 * Refuse a socket before ssh starts on it: our version line, then a
 * disconnect packet with `text` (unencrypted, as every packet before the
 * first key exchange), then close.
 */
export function refuseSocket(socket: net.Socket, ident: string, reason: number, text: string): void {
  const body = payload(reason, text);
  // packet_length, padding_length, payload, padding: at least 4 bytes of
  // padding, the whole a multiple of 8 (the null cipher's block).
  let pad = 8 - ((4 + 1 + body.length) % 8);
  if (pad < 4) pad += 8;
  const packet = Buffer.alloc(4 + 1 + body.length + pad);
  packet.writeUInt32BE(1 + body.length + pad, 0);
  packet[4] = pad;
  body.copy(packet, 5);
  socket.write(`${ident}\r\n`);
  socket.end(packet);
}
