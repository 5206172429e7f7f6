// Labelled replies in Portuguese (see labelled-reply.ts). Received Wednesday 2026-02-25 unless said.
import { labelled } from "./labelled-reply.ts";

const QUOTE = `

Em ter., 24 de fev. de 2026 às 09:02, Justin Avery <justin@b2bea.example> escreveu:
> Olá,
> Um breve acompanhamento sobre a associação B2BEA. Teria interesse numa conversa rápida?
> Para cancelar a inscrição: https://baton.example/u/v1.abc.def`;

const OUTLOOK = `

De: Justin Avery <justin@b2bea.example>
Enviado: segunda-feira, 23 de fevereiro de 2026 16:10
Para: Cliente <cliente@empresa.example>
Assunto: Os seus primeiros 90 dias de conteúdo
Marcamos uma chamada? Se não quiser receber mais emails, cancele a inscrição aqui.`;

export const LABELLED_REPLIES_PT = labelled("pt", [
  // interested
  [
    "interested",
    `Olá Justin,\n\ncom certeza, pode me enviar mais informações e os preços.\n\nAbraço,\nAna Souza${QUOTE}`,
  ],
  ["interested", "Tenho interesse. Quais empresas do setor já participam?"],
  ["interested", "Parece interessante, me conte mais."],
  ["interested", `Claro, encaminhei para o nosso diretor de marketing.${OUTLOOK}`],
  ["interested", "Sim, por favor, mande a apresentação."],
  ["interested", "Estamos interessados no relatório. O que vocês precisam de nós?"],
  ["interested", "Parece ótimo, quanto custa para uma equipe de cinco pessoas?"],
  ["interested", "Combinado, pode enviar o material.\n\nAtenciosamente,\nPedro Almeida\nDiretor Comercial"],
  // meeting
  ["meeting", "Claro, vamos conversar na terça às 10h."],
  ["meeting", `Podemos marcar uma reunião na próxima semana? Quinta à tarde fica bom para mim.${QUOTE}`],
  ["meeting", "Me envie um convite para sexta-feira às 14:00."],
  ["meeting", "Perfeito, fazemos uma ligação na segunda. Estou disponível a partir das 9h."],
  ["meeting", "Quarta-feira às 15h funciona para uma chamada rápida."],
  ["meeting", "Reservei um horário no seu Calendly para amanhã."],
  ["meeting", "Tenho disponibilidade na quinta de manhã para uma conversa de 30 minutos."],
  // not interested
  ["not_interested", "Não tenho interesse, obrigado."],
  ["not_interested", `Obrigada, mas no momento não precisamos disso.${QUOTE}`],
  ["not_interested", "Não, obrigado. Já trabalhamos com outra associação."],
  ["not_interested", "Não estamos interessados."],
  ["not_interested", "Não é prioridade para nós este ano e não temos orçamento."],
  ["not_interested", "Optamos por outro fornecedor. Boa sorte."],
  ["not_interested", "Não me interessa, mas obrigado pelo contato."],
  // unsubscribe
  ["unsubscribe", "Por favor, me removam da lista de e-mails."],
  ["unsubscribe", "Descadastrar"],
  ["unsubscribe", "Não quero receber mais e-mails de vocês."],
  [
    "unsubscribe",
    `Parem de me enviar mensagens, nunca me inscrevi. Apaguem meus dados conforme a LGPD.${QUOTE}`,
  ],
  ["unsubscribe", "Não me contatem mais, por favor."],
  ["unsubscribe", "Interessante, mas peço que cancelem a minha inscrição."],
  ["unsubscribe", "Quero cancelar a assinatura desta lista."],
  // out of office
  ["out_of_office", "Obrigado pela mensagem. Estou fora do escritório até 3 de março de 2026.", "2026-03-03"],
  [
    "out_of_office",
    "Resposta automática: estou de férias e retorno na segunda-feira, 9 de março.",
    "2026-03-09",
  ],
  ["out_of_office", "Estou viajando com acesso limitado ao e-mail.", null],
  [
    "out_of_office",
    "Estarei ausente até 16/03/2026. Para assuntos urgentes, escreva para info@empresa.example.",
    "2026-03-16",
  ],
  ["out_of_office", `Estou de licença-maternidade até 1º de junho.${QUOTE}`, "2026-06-01"],
  ["out_of_office", "Fora do escritório até segunda-feira. Respondo quando voltar.", "2026-03-02"],
  ["out_of_office", "Estarei de volta no dia 10 de março.", "2026-03-10"],
  // other
  ["referral", "Não sou a pessoa certa, fale com a Mariana Lima."],
  ["other", "O João não trabalha mais aqui. Por favor, atualizem o cadastro."],
  ["other", "Onde vocês conseguiram o meu e-mail?"],
  ["other", `Obrigado, vou dar uma olhada e te retorno.${OUTLOOK}`],
  ["other", "Qual é a diferença entre associação e patrocínio?"],
  ["other", "Recebido."],
]);
