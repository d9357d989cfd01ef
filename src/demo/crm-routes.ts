/**
 * A tiny customer directory the demo's Collect Information asks (`GET /demo/crm/customers/N`):
 * numbers ending in 7 are gold customers, numbers starting with 0 are unknown (404), every
 * other number is a silver customer. Served only when the server runs with `--demo`.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { DomainError } from "../domain/errors.ts";

const CustomerParams = Type.Object({
  number: Type.String({ minLength: 1, maxLength: 20, pattern: "^[0-9]+$" }),
});

const names = ["Ada Keller", "Ben Meier", "Chiara Rossi", "Dario Brunner", "Eva Graf"];

export const demoCrmRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/demo/crm/customers/:number",
    { schema: { params: CustomerParams, hide: true } },
    async (request) => {
      const { number } = request.params;
      if (number.startsWith("0")) throw DomainError.notFound("number", `no customer ${number}`);
      const digitSum = [...number].reduce((sum, digit) => sum + Number(digit), 0);
      return {
        number,
        name: names[digitSum % names.length],
        tier: number.endsWith("7") ? "gold" : "silver",
      };
    },
  );
};
