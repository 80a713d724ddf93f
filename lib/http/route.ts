import type { z } from "zod";
import { HttpError, errorResponse } from "./errors";

/**
 * Wraps an app-router handler so that every thrown error leaves through `errorResponse`.
 * Handlers stay thin: parse, authorize, call one lib function, respond.
 */
export function route<Ctx>(handler: (req: Request, ctx: Ctx) => Promise<Response>) {
  return async (req: Request, ctx: Ctx): Promise<Response> => {
    try {
      return await handler(req, ctx);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** Reads a JSON body and validates it; malformed JSON is a 400, a bad shape a 422 naming the field. */
export async function parseJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    const text = await req.text();
    raw = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new HttpError("bad_request", "Request body must be valid JSON");
  }
  return schema.parse(raw);
}
