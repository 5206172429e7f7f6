// Labelled replies in Spanish (see labelled-reply.ts). Received Wednesday 2026-02-25 unless said.
import { labelled } from "./labelled-reply.ts";

const QUOTE = `

El mar, 24 feb 2026 a las 9:02, Justin Avery (<justin@b2bea.example>) escribió:
> Hola,
> Un breve seguimiento sobre la membresía de B2BEA. ¿Le interesaría una llamada corta?
> Para darse de baja: https://baton.example/u/v1.abc.def`;

const OUTLOOK = `

De: Justin Avery <justin@b2bea.example>
Enviado: lunes, 23 de febrero de 2026 16:10
Para: Cliente <cliente@empresa.example>
Asunto: Sus primeros 90 días de contenido
¿Agendamos una llamada? Si no desea recibir más correos, puede darse de baja aquí.`;

export const LABELLED_REPLIES_ES = labelled("es", [
  // interested
  [
    "interested",
    `Hola Justin,\n\nClaro, envíame más información y los precios.\n\nSaludos,\nLucía Fernández${QUOTE}`,
  ],
  ["interested", "Me interesa. ¿Qué empresas del sector ya son miembros?"],
  ["interested", "Suena interesante, cuéntame más."],
  ["interested", `Con gusto lo reviso. Lo he reenviado a nuestro director de marketing.${OUTLOOK}`],
  ["interested", "Sí, por favor, mándame la presentación."],
  ["interested", "Estamos interesados en el informe. ¿Qué necesitan de nosotros?"],
  ["interested", "Me parece bien, ¿cuánto cuesta para un equipo de cinco personas?"],
  ["interested", "Por supuesto, me encantaría saber más.\n\nUn saludo,\nJavier Ruiz\nDirector Comercial"],
  // meeting
  ["meeting", "Claro, hablamos el martes a las 10."],
  [
    "meeting",
    `¿Podemos agendar una reunión la próxima semana? El jueves por la tarde me viene bien.${QUOTE}`,
  ],
  ["meeting", "Envíame una invitación para el viernes a las 14:00."],
  ["meeting", "Perfecto, hagamos una llamada el lunes. Estoy disponible desde las 9."],
  ["meeting", "El miércoles a las 15h me va bien para la videollamada."],
  ["meeting", "He reservado un hueco en su Calendly para mañana."],
  ["meeting", "Estoy disponible el jueves por la mañana para una llamada de 30 minutos."],
  // not interested
  ["not_interested", "No me interesa, gracias."],
  ["not_interested", `Gracias, pero por ahora no necesitamos nada de esto.${QUOTE}`],
  ["not_interested", "No, gracias. Ya trabajamos con otra asociación."],
  ["not_interested", "No estamos interesados en este momento."],
  ["not_interested", "No es una prioridad para nosotros este año y no tenemos presupuesto."],
  ["not_interested", "Hemos decidido ir con otro proveedor. Suerte."],
  ["not_interested", "No estoy interesada, pero gracias por pensar en nosotros."],
  // unsubscribe
  ["unsubscribe", "Por favor, denme de baja de su lista."],
  ["unsubscribe", "Baja"],
  ["unsubscribe", "No quiero recibir más correos de ustedes."],
  ["unsubscribe", `Dejen de escribirme, nunca me suscribí. Borren mis datos según el RGPD.${QUOTE}`],
  ["unsubscribe", "No me vuelvan a contactar, por favor."],
  ["unsubscribe", "Parece interesante, pero elimíname de la lista de correo."],
  ["unsubscribe", "Quiero darme de baja de todas sus comunicaciones."],
  // out of office
  [
    "out_of_office",
    "Gracias por su mensaje. Estoy fuera de la oficina hasta el 3 de marzo de 2026.",
    "2026-03-03",
  ],
  ["out_of_office", "Respuesta automática: estoy de vacaciones y volveré el lunes 9 de marzo.", "2026-03-09"],
  ["out_of_office", "Estoy de viaje con acceso limitado al correo electrónico.", null],
  [
    "out_of_office",
    "Me encuentro ausente hasta el 16/03/2026. Para urgencias escriba a info@empresa.example.",
    "2026-03-16",
  ],
  ["out_of_office", `Estoy de baja por maternidad hasta el 1 de junio.${QUOTE}`, "2026-06-01"],
  ["out_of_office", "Fuera de la oficina hasta el lunes. Responderé a mi regreso.", "2026-03-02"],
  [
    "out_of_office",
    "Estaré de vuelta el 10 de marzo, con acceso limitado al correo hasta entonces.",
    "2026-03-10",
  ],
  // other
  ["referral", "No soy la persona adecuada, hable con Marta Gómez."],
  ["other", "Carlos ya no trabaja en la empresa. Por favor, actualicen sus datos."],
  ["other", "¿De dónde han sacado mi correo?"],
  ["other", `Gracias, lo reviso y te digo algo.${OUTLOOK}`],
  ["other", "¿Cuál es la diferencia entre la membresía y el patrocinio?"],
  ["other", "Recibido."],
]);
