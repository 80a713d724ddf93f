// The baseline every capture figure is divided by: a bare node:http server that reads the whole
// body and answers 200 with a small JSON body, nothing else.
import { createServer } from "node:http";

const port = Number(process.env.PORT ?? 0);
createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    Buffer.concat(chunks);
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end('{"ok":true}');
  });
}).listen(port, "127.0.0.1", function (this: import("node:net").Server) {
  console.log(`listening on ${(this.address() as import("node:net").AddressInfo).port}`);
});
