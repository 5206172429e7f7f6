// Types for the part of @nlpjs/neural the reply model uses (the package ships none): a one-layer
// network, one perceptron per intent, over bag-of-features inputs (reply-model.ts; trained by
// test/support/replies/train-reply-model.ts).
declare module "@nlpjs/neural" {
  export interface NeuralSample {
    input: Record<string, number>;
    output: Record<string, number>;
  }
  export interface NeuralSettings {
    iterations?: number;
    errorThresh?: number;
    deltaErrorThresh?: number;
    learningRate?: number;
    momentum?: number;
    alpha?: number;
    log?: boolean;
  }
  export interface NeuralStatus {
    error: number;
    deltaError: number;
    iterations: number;
  }
  export class NeuralNetwork {
    constructor(settings?: NeuralSettings);
    train(corpus: NeuralSample[]): NeuralStatus;
    run(input: Record<string, number>): Record<string, number> | undefined;
    toJSON(): unknown;
    fromJSON(json: unknown): void;
  }
}
