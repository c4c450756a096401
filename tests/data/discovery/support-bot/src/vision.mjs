export async function load() {
  const tf = await import("@tensorflow/tfjs");
  return tf;
}
