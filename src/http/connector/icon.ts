/**
 * The connector's icon: a 230×230 PNG (the size custom connectors are certified with) in the
 * brand colour of `apiProperties.json`, opaque, with a white ring, drawn here so that no
 * binary has to be kept beside the code.
 */
import { deflateSync } from "node:zlib";

export const iconSize = 230;

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** The icon in `#RRGGBB` on an opaque background. */
export function connectorIcon(brandColour: string): Buffer {
  const rgb = [1, 3, 5].map((at) => Number.parseInt(brandColour.slice(at, at + 2), 16));
  const rows: Buffer[] = [];
  const centre = (iconSize - 1) / 2;
  for (let y = 0; y < iconSize; y++) {
    const row = Buffer.alloc(1 + iconSize * 3);
    for (let x = 0; x < iconSize; x++) {
      const distance = Math.hypot(x - centre, y - centre);
      const ring =
        distance > 60 && distance < 80 && !(x > centre + 20 && Math.abs(y - centre) < 30);
      const pixel = ring ? [255, 255, 255] : rgb;
      row.set(pixel, 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(iconSize, 0);
  header.writeUInt32BE(iconSize, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
